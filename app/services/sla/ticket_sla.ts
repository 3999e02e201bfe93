import { chunksOf } from '#domain/chunks'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Ticket, {
  SLA_RUNNING_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from '#models/ticket'
import SlaPolicy from '#models/sla_policy'
import type BusinessCalendar from '#models/business_calendar'
import type { SlaEventKind } from '#models/ticket_sla_event'
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type BusinessCalendar as CalendarShape,
} from '#services/sla/business_time'

/** The share of a target after which the monitor warns. */
export const WARNING_SHARE = 0.8

export type SlaMetric = 'first_response' | 'resolution'

export interface Deadlines {
  firstResponseDueAt: Date
  firstResponseWarnAt: Date
  resolutionDueAt: Date
  resolutionWarnAt: Date
}

/**
 * The instants at which the targets (and their 80 % warnings) are reached:
 * the clock starts at the ticket's creation and the business minutes of
 * finished pauses are given back, so each due date is
 * creation + target + paused minutes, counted in business minutes.
 */
export function deadlines(
  calendar: CalendarShape,
  createdAt: Date,
  targets: { firstResponse: number; resolution: number },
  pausedMinutes: number
): Deadlines {
  const at = (minutes: number) => addBusinessMinutes(calendar, createdAt, minutes + pausedMinutes)
  return {
    firstResponseDueAt: at(targets.firstResponse),
    firstResponseWarnAt: at(warningMinutes(targets.firstResponse)),
    resolutionDueAt: at(targets.resolution),
    resolutionWarnAt: at(warningMinutes(targets.resolution)),
  }
}

export function warningMinutes(target: number) {
  return Math.max(1, Math.ceil(target * WARNING_SHARE))
}

/** The policy for a priority: its own, else the organization's default, else none. */
export async function policyFor(
  organizationId: number,
  priority: TicketPriority,
  client?: TransactionClientContract
): Promise<(SlaPolicy & { calendar: BusinessCalendar }) | null> {
  const policies = await SlaPolicy.query({ client })
    .where('organization_id', organizationId)
    .where((query) => query.where('priority', priority).orWhereNull('priority'))
    .preload('calendar')
  const policy =
    policies.find((candidate) => candidate.priority === priority) ??
    policies.find((candidate) => candidate.priority === null)
  return (policy as (SlaPolicy & { calendar: BusinessCalendar }) | undefined) ?? null
}

const toDateTime = (date: Date) => DateTime.fromJSDate(date)

/**
 * A ticket's SLA clock. Every method works on a ticket row locked by the
 * caller's transaction (the lifecycle actions lock it first), sets the SLA
 * columns and writes the timeline; the caller saves the ticket.
 */
export class TicketSla {
  constructor(
    private ticket: Ticket,
    private client: TransactionClientContract
  ) {}

  /** On creation: the policy of the ticket's priority sets the due dates. */
  async start() {
    const policy = await policyFor(this.ticket.organizationId, this.ticket.priority, this.client)
    if (!policy) return false
    this.applyPolicy(policy)
    await this.record('started', this.ticket.createdAt.toJSDate(), {
      details: this.policyDetails(policy),
    })
    return true
  }

  /**
   * After a priority change, a policy change or a calendar change: the
   * policy of the ticket's priority sets the targets and the due dates are
   * computed again, from creation, with the finished pauses given back in
   * the (possibly new) calendar's business minutes.
   */
  async retarget(reason: 'targets_changed' | 'recalculated', at = DateTime.now().toJSDate()) {
    if (this.ticket.status === 'closed') return false
    const policy = await policyFor(this.ticket.organizationId, this.ticket.priority, this.client)
    const before = this.dueDates()
    // Only a ticket coming under an SLA for the first time has targets met
    // before it had due dates; others were judged when they met them.
    const newlyUnderSla = this.ticket.resolutionDueAt === null
    let repaired = false
    if (!policy) {
      if (this.ticket.slaPolicyId === null && this.ticket.resolutionDueAt === null) return false
      this.clear()
    } else {
      this.ticket.slaPausedMinutes = await this.finishedPauseMinutes(policy.calendar.toCalendar())
      this.applyPolicy(policy)
      // A ticket waiting or resolved without a recorded pause (imported or
      // generated in that status) is paused from its last change.
      const paused = !SLA_RUNNING_STATUSES.includes(this.ticket.status)
      if (paused && !this.ticket.slaPausedAt) {
        this.ticket.slaPausedAt = this.ticket.updatedAt
        await this.record('paused', this.ticket.updatedAt.toJSDate())
        repaired = true
      }
      // A pause left from a time without policy (the ticket resumed then):
      // the clock runs again, with nothing given back for it.
      if (!paused && this.ticket.slaPausedAt) {
        this.ticket.slaPausedAt = null
        repaired = true
      }
    }
    if (policy && newlyUnderSla) repaired = (await this.judgeMetTargets()) || repaired
    const after = this.dueDates()
    if (JSON.stringify(before) === JSON.stringify(after)) return repaired
    await this.record(reason, at, {
      details: { ...(policy ? this.policyDetails(policy) : { policy: null }), before },
    })
    return true
  }

  /**
   * Targets already met (a response or resolution before the due dates were
   * computed, e.g. imported or generated tickets) are judged against them.
   */
  private async judgeMetTargets() {
    let judged = false
    const { firstResponseAt, firstResponseDueAt, resolvedAt, resolutionDueAt } = this.ticket
    if (
      firstResponseAt &&
      firstResponseDueAt &&
      this.ticket.firstResponseBreachedAt === null &&
      firstResponseAt > firstResponseDueAt
    ) {
      await this.breach('first_response', firstResponseAt.toJSDate())
      judged = true
    }
    if (
      this.ticket.status === 'resolved' &&
      resolvedAt &&
      resolutionDueAt &&
      this.ticket.resolutionBreachedAt === null &&
      resolvedAt > resolutionDueAt
    ) {
      await this.breach('resolution', resolvedAt.toJSDate())
      judged = true
    }
    return judged
  }

  /** Status changes pause, resume, meet or stop the clock. */
  async statusChanged(from: TicketStatus, to: TicketStatus, at = DateTime.now().toJSDate()) {
    if (this.ticket.resolutionTarget === null) return
    const wasRunning = SLA_RUNNING_STATUSES.includes(from)
    const isRunning = SLA_RUNNING_STATUSES.includes(to)

    if (to === 'resolved') await this.resolutionReached(at)
    if (wasRunning && !isRunning && to !== 'closed') await this.pause(at)
    if (!wasRunning && isRunning) await this.resume(at)
    if (to === 'closed') await this.record('stopped', at)
  }

  /** The first public staff reply meets (or, late, breaches) the first-response target. */
  async firstResponse(at = DateTime.now().toJSDate()) {
    if (this.ticket.firstResponseDueAt === null) return
    const late = this.clockAt(at) > this.ticket.firstResponseDueAt.toJSDate()
    if (late) await this.breach('first_response', at)
    await this.record('first_response_met', at, { details: { late } })
  }

  private async resolutionReached(at: Date) {
    if (this.ticket.resolutionDueAt === null) return
    const late = this.clockAt(at) > this.ticket.resolutionDueAt.toJSDate()
    if (late) await this.breach('resolution', at)
    await this.record('resolution_met', at, { details: { late } })
  }

  private async pause(at: Date) {
    if (this.ticket.slaPausedAt) return
    this.ticket.slaPausedAt = toDateTime(at)
    await this.record('paused', at)
  }

  /** Gives the paused business minutes back to both due dates. */
  private async resume(at: Date) {
    const pausedAt = this.ticket.slaPausedAt
    if (!pausedAt) return
    const policy = await this.currentPolicy()
    this.ticket.slaPausedAt = null
    if (!policy) return
    const paused = businessMinutesBetween(policy.calendar.toCalendar(), pausedAt.toJSDate(), at)
    this.ticket.slaPausedMinutes = (this.ticket.slaPausedMinutes ?? 0) + paused
    this.applyDeadlines(policy.calendar.toCalendar())
    await this.record('resumed', at, { businessMinutes: paused })
  }

  /**
   * Marks a breach found when the response or resolution comes late (the
   * monitor may have marked it already; the timeline keeps one).
   */
  private async breach(metric: SlaMetric, at: Date) {
    const column = metric === 'first_response' ? 'firstResponseBreachedAt' : 'resolutionBreachedAt'
    const warned = metric === 'first_response' ? 'firstResponseWarnedAt' : 'resolutionWarnedAt'
    if (this.ticket[column] !== null) return
    this.ticket[column] = toDateTime(at)
    this.ticket[warned] ??= toDateTime(at)
    await this.record(`${metric}_breached`, at, { details: { at_reply: true } })
  }

  /** While paused the clock stands still at the pause. */
  private clockAt(at: Date) {
    return this.ticket.slaPausedAt ? this.ticket.slaPausedAt.toJSDate() : at
  }

  private applyPolicy(policy: SlaPolicy & { calendar: BusinessCalendar }) {
    this.ticket.slaPolicyId = policy.id
    this.ticket.firstResponseTarget = policy.firstResponseMinutes
    this.ticket.resolutionTarget = policy.resolutionMinutes
    this.applyDeadlines(policy.calendar.toCalendar())
  }

  private applyDeadlines(calendar: CalendarShape) {
    const due = deadlines(
      calendar,
      this.ticket.createdAt.toJSDate(),
      {
        firstResponse: this.ticket.firstResponseTarget!,
        resolution: this.ticket.resolutionTarget!,
      },
      // A ticket being created has no value yet (the column's default).
      this.ticket.slaPausedMinutes ?? 0
    )
    this.ticket.firstResponseDueAt = toDateTime(due.firstResponseDueAt)
    this.ticket.firstResponseWarnAt = toDateTime(due.firstResponseWarnAt)
    this.ticket.resolutionDueAt = toDateTime(due.resolutionDueAt)
    this.ticket.resolutionWarnAt = toDateTime(due.resolutionWarnAt)
  }

  private clear() {
    this.ticket.slaPolicyId = null
    this.ticket.slaPausedAt = null
    this.ticket.firstResponseTarget = null
    this.ticket.resolutionTarget = null
    this.ticket.firstResponseDueAt = null
    this.ticket.firstResponseWarnAt = null
    this.ticket.resolutionDueAt = null
    this.ticket.resolutionWarnAt = null
  }

  private async currentPolicy() {
    if (this.ticket.slaPolicyId !== null) {
      const policy = await SlaPolicy.query({ client: this.client })
        .where('id', this.ticket.slaPolicyId)
        .preload('calendar')
        .first()
      if (policy) return policy as SlaPolicy & { calendar: BusinessCalendar }
    }
    return policyFor(this.ticket.organizationId, this.ticket.priority, this.client)
  }

  /**
   * The business minutes of the ticket's finished pauses in a calendar,
   * from its timeline (pairs of paused and resumed).
   */
  private async finishedPauseMinutes(calendar: CalendarShape) {
    const events: Array<{ kind: string; at: Date }> = await this.client
      .from('ticket_sla_events')
      .where('ticket_id', this.ticket.id)
      .whereIn('kind', ['paused', 'resumed'])
      .orderBy('id')
      .select('kind', 'at')
    let pausedAt: Date | null = null
    let total = 0
    for (const event of events) {
      if (event.kind === 'paused') pausedAt = event.at
      else if (pausedAt) {
        total += businessMinutesBetween(calendar, pausedAt, event.at)
        pausedAt = null
      }
    }
    return total
  }

  private dueDates() {
    return {
      first_response_due_at: this.ticket.firstResponseDueAt?.toISO() ?? null,
      resolution_due_at: this.ticket.resolutionDueAt?.toISO() ?? null,
    }
  }

  private policyDetails(policy: SlaPolicy & { calendar: BusinessCalendar }) {
    return {
      policy: policy.priority ?? 'default',
      calendar: policy.calendar.name,
      first_response_minutes: policy.firstResponseMinutes,
      resolution_minutes: policy.resolutionMinutes,
    }
  }

  private async record(
    kind: SlaEventKind,
    at: Date,
    extra: { businessMinutes?: number; details?: Record<string, unknown> } = {}
  ) {
    await recordSlaEvent(this.client, this.ticket, kind, at, extra)
  }
}

/** One entry of a ticket's SLA timeline. */
export interface SlaTimelineEntry {
  ticket: Pick<Ticket, 'id' | 'organizationId' | 'firstResponseDueAt' | 'resolutionDueAt'>
  kind: SlaEventKind
  at: Date
  businessMinutes?: number
  details?: Record<string, unknown>
}

/**
 * Appends one entry to a ticket's SLA timeline. Warnings and breaches are
 * unique per ticket (a partial unique index): a second one is ignored.
 */
export async function recordSlaEvent(
  client: TransactionClientContract,
  ticket: SlaTimelineEntry['ticket'],
  kind: SlaEventKind,
  at: Date,
  extra: { businessMinutes?: number; details?: Record<string, unknown> } = {}
) {
  await recordSlaEvents(client, [{ ticket, kind, at, ...extra }])
}

/** Appends many entries (the monitor's marks) with multi-row INSERTs; same rules. */
export async function recordSlaEvents(
  client: TransactionClientContract,
  entries: SlaTimelineEntry[]
) {
  for (const chunk of chunksOf(entries)) {
    await client.rawQuery(
      `INSERT INTO ticket_sla_events
         (organization_id, ticket_id, kind, at, business_minutes, first_response_due_at, resolution_due_at, details)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT DO NOTHING`,
      chunk.flatMap(({ ticket, kind, at, businessMinutes, details }) => [
        ticket.organizationId,
        ticket.id,
        kind,
        at,
        businessMinutes ?? null,
        ticket.firstResponseDueAt?.toJSDate() ?? null,
        ticket.resolutionDueAt?.toJSDate() ?? null,
        details ? JSON.stringify(details) : null,
      ]) as any[] // Lucid's binding type leaves out null
    )
  }
}
