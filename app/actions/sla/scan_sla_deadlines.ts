import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import { DateTime } from 'luxon'
import { SLA_RUNNING_STATUSES } from '#models/ticket'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { EventsList } from '@adonisjs/core/types'
import { appendAuditEvents } from '#services/audit/audit_trail'
import { recordSlaEvents, type SlaMetric } from '#services/sla/ticket_sla'
import { recordNotificationBatch } from '#services/notifications/record_notifications'
import { dispatchDeliveries } from '#services/notifications/mail_outbox'
import type Actor from '#actions/actor'

type Finding = 'warning' | 'breached'

/**
 * The four questions of the monitor. A ticket found past its due date with
 * no warning yet gets the breach, and its warning is marked as passed, not
 * sent late. Each matches a partial index of the SLA migration: the scan
 * reads index entries up to "now", not tickets.
 */
const CHECKS: Array<{
  metric: SlaMetric
  finding: Finding
  instant: `${SlaMetric}_${'warn' | 'due'}_at`
  mark: string
}> = [
  {
    metric: 'first_response',
    finding: 'breached',
    instant: 'first_response_due_at',
    mark: 'first_response_breached_at',
  },
  {
    metric: 'resolution',
    finding: 'breached',
    instant: 'resolution_due_at',
    mark: 'resolution_breached_at',
  },
  {
    metric: 'first_response',
    finding: 'warning',
    instant: 'first_response_warn_at',
    mark: 'first_response_warned_at',
  },
  {
    metric: 'resolution',
    finding: 'warning',
    instant: 'resolution_warn_at',
    mark: 'resolution_warned_at',
  },
]

// The same predicate as the partial indexes of the SLA migration.
const RUNNING = `status IN (${SLA_RUNNING_STATUSES.map((status) => `'${status}'`).join(',')})`

export interface ScanResult {
  warnings: number
  breaches: number
}

type Check = (typeof CHECKS)[number]

/** A ticket as the marking UPDATE returns it. */
interface MarkedTicket {
  id: number
  organization_id: number
  number: number
  subject: string
  requester_id: number
  assignee_id: number | null
  first_response_warn_at: Date | null
  first_response_due_at: Date | null
  resolution_warn_at: Date | null
  resolution_due_at: Date | null
}

interface Mark {
  check: Check
  ticket: MarkedTicket
}

/**
 * Finds running tickets past 80 % of a target (warning) or past it (breach)
 * and marks each once: each question's candidates, still unmarked, are
 * locked with FOR UPDATE SKIP LOCKED before one UPDATE sets their marks, so
 * two workers scanning at once (or a retried job) never mark or announce a
 * ticket twice.
 *
 * A round locks up to `batchSize` tickets per question, all organizations
 * at once, and writes what the marks bring in the same transaction, by
 * sets rather than ticket by ticket: one multi-row INSERT for the timeline,
 * the notifications with one lookup of the recipients per organization,
 * and one append to each organization's audit chain (one event per ticket
 * and mark, as a single mark would write). A run usually is one round;
 * a backlog larger than `batchSize` takes several, so the tickets and chain
 * heads are never held for long. After the commit, `sla:marked` is emitted
 * once per organization (the inboxes refresh once) and `sla:warning` /
 * `sla:breached` per ticket (its open pages, plugins).
 */
export default class ScanSlaDeadlines {
  /** The actor is the system (the monitor's job, a bench). */
  static async handle(
    actor: Actor,
    options: { now?: Date; batchSize?: number } = {}
  ): Promise<ScanResult> {
    const now = options.now ?? DateTime.now().toJSDate()
    const batchSize = options.batchSize ?? 1000
    const result: ScanResult = { warnings: 0, breaches: 0 }

    // A round's mails are queued (Redis) while the next round marks (PostgreSQL).
    const mails: Array<Promise<void>> = []
    let pending: Check[] = CHECKS
    while (pending.length > 0) {
      const round = await db.transaction((trx) =>
        ScanSlaDeadlines.markRound(actor, pending, now, batchSize, trx)
      )
      mails.push(dispatchDeliveries(round.deliveryIds))
      const byOrganization = new Map<number, EventsList['sla:marked']['marks']>()
      for (const { check, ticket } of round.marks) {
        const marks = byOrganization.get(ticket.organization_id) ?? []
        marks.push({ ticketId: ticket.id, metric: check.metric, finding: check.finding })
        byOrganization.set(ticket.organization_id, marks)
      }
      for (const [organizationId, marks] of byOrganization) {
        await emitter.emit('sla:marked', { organizationId, marks })
      }
      for (const { check, ticket } of round.marks) {
        if (check.finding === 'warning') result.warnings++
        else result.breaches++
        await emitter.emit(check.finding === 'warning' ? 'sla:warning' : 'sla:breached', {
          organizationId: ticket.organization_id,
          ticketId: ticket.id,
          metric: check.metric,
        })
      }
      // A question that filled its batch may have more to mark.
      pending = round.full
    }
    await Promise.all(mails)
    return result
  }

  private static async markRound(
    actor: Actor,
    checks: Check[],
    now: Date,
    batchSize: number,
    trx: TransactionClientContract
  ) {
    const found: Array<{ check: Check; ids: number[] }> = []
    const full: Check[] = []
    for (const check of checks) {
      const ids = await ScanSlaDeadlines.lockCandidates(trx, check, now, batchSize)
      if (ids.length === batchSize) full.push(check)
      if (ids.length > 0) found.push({ check, ids })
    }
    if (found.length === 0) return { marks: [] as Mark[], full, deliveryIds: [] as number[] }
    const tickets = await ScanSlaDeadlines.setMarks(trx, found, now)
    const marks: Mark[] = found.flatMap(({ check, ids }) =>
      ids.map((id) => ({ check, ticket: tickets.get(id)! }))
    )

    const kindOf = (check: Check) => `${check.metric}_${check.finding}` as const
    await recordSlaEvents(
      trx,
      marks.map(({ check, ticket }) => ({
        ticket: {
          id: ticket.id,
          organizationId: ticket.organization_id,
          firstResponseDueAt: ticket.first_response_due_at
            ? DateTime.fromJSDate(ticket.first_response_due_at)
            : null,
          resolutionDueAt: ticket.resolution_due_at
            ? DateTime.fromJSDate(ticket.resolution_due_at)
            : null,
        },
        kind: kindOf(check),
        at: now,
      }))
    )
    const { deliveryIds } = await recordNotificationBatch(
      trx,
      marks.map(({ check, ticket }) => ({
        kind: check.finding === 'warning' ? 'sla_warning' : 'sla_breached',
        ticket: {
          id: ticket.id,
          organizationId: ticket.organization_id,
          number: ticket.number,
          subject: ticket.subject,
          requesterId: ticket.requester_id,
          assigneeId: ticket.assignee_id,
        },
        actorId: null,
        data: { metric: check.metric },
      })),
      { queueMails: false }
    )
    // Last: the chain heads stay locked only until the commit that follows.
    await appendAuditEvents(
      marks.map(({ check, ticket }) => ({
        organizationId: ticket.organization_id,
        action: `sla.${kindOf(check)}`,
        subjectType: 'ticket',
        subjectId: ticket.number,
        after: {
          metric: check.metric,
          [check.finding === 'warning' ? 'warn_at' : 'due_at']:
            ticket[check.instant]!.toISOString(),
        },
      })),
      actor,
      trx
    )
    return { marks, full, deliveryIds }
  }

  /**
   * Locks up to `limit` tickets one question finds; their ids. SKIP LOCKED
   * leaves the tickets another scan holds to it, and a ticket changed
   * meanwhile is checked again as it is now.
   */
  private static async lockCandidates(
    trx: TransactionClientContract,
    check: Check,
    now: Date,
    limit: number
  ): Promise<number[]> {
    const firstResponsePending =
      check.metric === 'first_response' ? 'AND first_response_at IS NULL' : ''
    // A warning only while the target is still ahead: a ticket already past
    // due waits for the breach (another scan may hold it right now).
    const stillAhead = check.finding === 'warning' ? `AND ${check.metric}_due_at > :now` : ''
    const { rows } = await trx.rawQuery(
      `SELECT id FROM tickets
        WHERE ${check.instant} <= :now AND ${check.mark} IS NULL ${firstResponsePending} ${stillAhead} AND ${RUNNING}
        ORDER BY ${check.instant}
        LIMIT :limit
        FOR UPDATE SKIP LOCKED`,
      { now, limit }
    )
    return rows.map((row: { id: number }) => Number(row.id))
  }

  /**
   * Sets the marks of the locked tickets in one UPDATE, each ticket written
   * once whatever the number of its marks (a ticket past both targets gets
   * both). A breach also closes its warning, so no warning follows it.
   * The tickets, by id.
   */
  private static async setMarks(
    trx: TransactionClientContract,
    found: Array<{ check: Check; ids: number[] }>,
    now: Date
  ) {
    const idsOf = (metric: SlaMetric, findings: Finding[]) =>
      `{${found
        .filter(({ check }) => check.metric === metric && findings.includes(check.finding))
        .flatMap(({ ids }) => ids)
        .join(',')}}`
    const { rows } = await trx.rawQuery(
      `UPDATE tickets SET
         first_response_breached_at = CASE WHEN id = ANY(CAST(:firstResponseBreached AS int[]))
           THEN :now ELSE first_response_breached_at END,
         first_response_warned_at = CASE WHEN id = ANY(CAST(:firstResponseWarned AS int[]))
           THEN coalesce(first_response_warned_at, :now) ELSE first_response_warned_at END,
         resolution_breached_at = CASE WHEN id = ANY(CAST(:resolutionBreached AS int[]))
           THEN :now ELSE resolution_breached_at END,
         resolution_warned_at = CASE WHEN id = ANY(CAST(:resolutionWarned AS int[]))
           THEN coalesce(resolution_warned_at, :now) ELSE resolution_warned_at END
       WHERE id = ANY(CAST(:ids AS int[]))
       RETURNING id, organization_id, number, subject, requester_id, assignee_id,
         first_response_warn_at, first_response_due_at, resolution_warn_at, resolution_due_at`,
      {
        now,
        firstResponseBreached: idsOf('first_response', ['breached']),
        firstResponseWarned: idsOf('first_response', ['breached', 'warning']),
        resolutionBreached: idsOf('resolution', ['breached']),
        resolutionWarned: idsOf('resolution', ['breached', 'warning']),
        ids: `{${[...new Set(found.flatMap(({ ids }) => ids))].join(',')}}`,
      }
    )
    return new Map((rows as MarkedTicket[]).map((row) => [Number(row.id), row]))
  }
}
