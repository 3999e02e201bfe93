import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import { DateTime } from 'luxon'
import { SLA_RUNNING_STATUSES } from '#models/ticket'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { recordSlaEvent, type SlaMetric } from '#services/sla/ticket_sla'
import { recordNotifications } from '#services/notifications/record_notifications'
import type Actor from '#actions/actor'

type Finding = 'warning' | 'breached'

/**
 * The four questions of the monitor, breaches first so that a ticket found
 * past its due date with no warning yet gets the breach (and its warning
 * is marked as passed, not sent late). Each matches a partial index of the
 * SLA migration: the scan reads index entries up to "now", not tickets.
 */
const CHECKS: Array<{ metric: SlaMetric; finding: Finding; instant: string; mark: string }> = [
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

/**
 * Finds running tickets past 80 % of a target (warning) or past it (breach)
 * and marks each once: the conditional UPDATE claims rows with
 * FOR UPDATE SKIP LOCKED and sets the mark only where it is still empty,
 * so two workers scanning at once (or a retried job) never mark or announce
 * a ticket twice. Each mark writes the timeline and the audit trail in the
 * same transaction; `sla:warning` / `sla:breached` are emitted after commit
 * (notifications and live updates listen to them).
 */
export default class ScanSlaDeadlines {
  /** The actor is the system (the monitor's job, a bench). */
  static async handle(
    actor: Actor,
    options: { now?: Date; batchSize?: number } = {}
  ): Promise<ScanResult> {
    const now = options.now ?? DateTime.now().toJSDate()
    const batchSize = options.batchSize ?? 500
    const result: ScanResult = { warnings: 0, breaches: 0 }

    for (const check of CHECKS) {
      while (true) {
        const marked = await ScanSlaDeadlines.markBatch(actor, check, now, batchSize)
        if (check.finding === 'warning') result.warnings += marked.length
        else result.breaches += marked.length
        for (const row of marked) {
          await emitter.emit(check.finding === 'warning' ? 'sla:warning' : 'sla:breached', {
            organizationId: row.organization_id,
            ticketId: row.id,
            metric: check.metric,
          })
        }
        if (marked.length < batchSize) break
      }
    }
    return result
  }

  private static async markBatch(
    actor: Actor,
    check: (typeof CHECKS)[number],
    now: Date,
    batchSize: number
  ) {
    const firstResponsePending =
      check.metric === 'first_response' ? 'AND first_response_at IS NULL' : ''
    // A warning only while the target is still ahead: a ticket already past
    // due waits for the breach (another scan may hold it right now).
    const stillAhead = check.finding === 'warning' ? `AND ${check.metric}_due_at > :now` : ''
    // A breach also closes the warning, so no warning follows it.
    const warnedToo =
      check.finding === 'breached'
        ? `, ${check.metric}_warned_at = coalesce(${check.metric}_warned_at, :now)`
        : ''
    return db.transaction(async (trx) => {
      const { rows } = await trx.rawQuery(
        `UPDATE tickets SET ${check.mark} = :now ${warnedToo}
          WHERE id IN (
            SELECT id FROM tickets
             WHERE ${check.instant} <= :now AND ${check.mark} IS NULL ${firstResponsePending} ${stillAhead} AND ${RUNNING}
             ORDER BY ${check.instant}
             LIMIT :limit
             FOR UPDATE SKIP LOCKED)
            AND ${check.mark} IS NULL
        RETURNING id, organization_id, number, subject, requester_id, assignee_id, first_response_due_at, resolution_due_at, ${check.instant} AS instant`,
        { now, limit: batchSize }
      )
      const marked = rows as Array<{
        id: number
        organization_id: number
        number: number
        subject: string
        requester_id: number
        assignee_id: number | null
        first_response_due_at: Date | null
        resolution_due_at: Date | null
        instant: Date
      }>
      const kind = `${check.metric}_${check.finding}` as const
      for (const row of marked) {
        await recordSlaEvent(
          trx,
          {
            id: row.id,
            organizationId: row.organization_id,
            firstResponseDueAt: row.first_response_due_at
              ? DateTime.fromJSDate(row.first_response_due_at)
              : null,
            resolutionDueAt: row.resolution_due_at
              ? DateTime.fromJSDate(row.resolution_due_at)
              : null,
          },
          kind,
          now
        )
        await appendAuditEvent(
          {
            organizationId: row.organization_id,
            action: `sla.${kind}`,
            subjectType: 'ticket',
            subjectId: row.number,
            after: {
              metric: check.metric,
              [check.finding === 'warning' ? 'warn_at' : 'due_at']: row.instant,
            },
          },
          actor,
          trx
        )
        await recordNotifications(trx, {
          kind: check.finding === 'warning' ? 'sla_warning' : 'sla_breached',
          ticket: {
            id: row.id,
            organizationId: row.organization_id,
            number: row.number,
            subject: row.subject,
            requesterId: row.requester_id,
            assigneeId: row.assignee_id,
          },
          actorId: null,
          data: { metric: check.metric },
        })
      }
      return marked
    })
  }
}
