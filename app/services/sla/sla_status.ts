import { DateTime } from 'luxon'
import BusinessCalendar from '#models/business_calendar'
import SlaPolicy from '#models/sla_policy'
import type Ticket from '#models/ticket'
import TicketSlaEvent from '#models/ticket_sla_event'
import {
  businessMinutesBetween,
  type BusinessCalendar as CalendarShape,
} from '#services/sla/business_time'
import { formatMinutes } from '#services/sla/calendar_text'
import type { SlaMetric } from '#services/sla/ticket_sla'

/**
 * What the desk shows of a ticket's SLA: the target it must meet next and
 * how much business time is left (the countdown badge), or how it ended.
 * - ok / warning (past 80 %) / breached while the clock runs;
 * - paused (waiting on the customer) with the time left frozen;
 * - met / missed once resolved or closed;
 * - none when no policy applies.
 */
export interface SlaStatus {
  state: 'none' | 'ok' | 'warning' | 'breached' | 'paused' | 'met' | 'missed'
  metric: SlaMetric | null
  /** The instant of the target shown (first response while pending, else resolution). */
  dueAt: DateTime | null
  /** Business minutes left (ok, warning, paused) or overdue (breached). */
  minutes: number
  /** "1 h 20 min left", "Overdue by 35 min", "SLA met" … */
  text: string
}

export const METRIC_LABELS: Record<SlaMetric, string> = {
  first_response: 'First response',
  resolution: 'Resolution',
}

/** The calendars of the organization's policies, by policy id (few rows, one query each). */
export async function calendarsByPolicy(organizationId: number) {
  const policies = await SlaPolicy.query().where('organization_id', organizationId)
  const calendars = await BusinessCalendar.query().where('organization_id', organizationId)
  const byId = new Map(calendars.map((calendar) => [calendar.id, calendar.toCalendar()]))
  return new Map(
    policies.flatMap((policy) => {
      const calendar = byId.get(policy.calendarId)
      return calendar ? [[policy.id, calendar] as const] : []
    })
  )
}

export function slaStatus(
  ticket: Ticket,
  calendars: Map<number, CalendarShape>,
  now = DateTime.now()
): SlaStatus {
  if (ticket.resolutionTarget === null || ticket.resolutionDueAt === null) {
    return { state: 'none', metric: null, dueAt: null, minutes: 0, text: 'No SLA' }
  }
  if (ticket.status === 'resolved' || ticket.status === 'closed') {
    const missed = ticket.resolutionBreachedAt !== null
    return {
      state: missed ? 'missed' : 'met',
      metric: 'resolution',
      dueAt: ticket.resolutionDueAt,
      minutes: 0,
      text: missed ? 'SLA missed' : 'SLA met',
    }
  }
  const metric: SlaMetric =
    ticket.firstResponseAt === null && ticket.firstResponseDueAt ? 'first_response' : 'resolution'
  const dueAt = metric === 'first_response' ? ticket.firstResponseDueAt! : ticket.resolutionDueAt
  const warnAt = metric === 'first_response' ? ticket.firstResponseWarnAt : ticket.resolutionWarnAt
  const calendar = ticket.slaPolicyId === null ? undefined : calendars.get(ticket.slaPolicyId)
  const between = (from: DateTime, to: DateTime) =>
    calendar
      ? businessMinutesBetween(calendar, from.toJSDate(), to.toJSDate())
      : Math.max(0, Math.floor(to.diff(from, 'minutes').minutes))
  const label = METRIC_LABELS[metric].toLowerCase()

  if (ticket.slaPausedAt) {
    const minutes = ticket.slaPausedAt < dueAt ? between(ticket.slaPausedAt, dueAt) : 0
    return {
      state: 'paused',
      metric,
      dueAt,
      minutes,
      text: `Paused · ${formatMinutes(minutes)} left`,
    }
  }
  if (now >= dueAt) {
    const minutes = between(dueAt, now)
    return {
      state: 'breached',
      metric,
      dueAt,
      minutes,
      text: `Overdue by ${formatMinutes(minutes)}`,
    }
  }
  const minutes = between(now, dueAt)
  // A miss is final, even if a later change moved the due date ahead.
  const breachedAt =
    metric === 'first_response' ? ticket.firstResponseBreachedAt : ticket.resolutionBreachedAt
  if (breachedAt) {
    return {
      state: 'breached',
      metric,
      dueAt,
      minutes,
      text: `Target missed · ${formatMinutes(minutes)} to the new due date`,
    }
  }
  return {
    state: warnAt && now >= warnAt ? 'warning' : 'ok',
    metric,
    dueAt,
    minutes,
    text: `${formatMinutes(minutes)} left for ${label}`,
  }
}

/** The statuses of a page of tickets of one organization. */
export async function slaStatuses(organizationId: number, tickets: Ticket[]) {
  const calendars = tickets.some((ticket) => ticket.slaPolicyId !== null)
    ? await calendarsByPolicy(organizationId)
    : new Map()
  const now = DateTime.now()
  return new Map(tickets.map((ticket) => [ticket.id, slaStatus(ticket, calendars, now)]))
}

/** A ticket's SLA panel: its status, targets and timeline, oldest first. */
export async function slaPanel(ticket: Ticket) {
  const calendars = await calendarsByPolicy(ticket.organizationId)
  const timeline = await TicketSlaEvent.query().where('ticket_id', ticket.id).orderBy('id')
  // Components render with their own state: the panel gets its helpers here.
  return { status: slaStatus(ticket, calendars), timeline, labels: SLA_EVENT_LABELS, formatMinutes }
}

/** The timeline's entries in words. */
export const SLA_EVENT_LABELS: Record<string, string> = {
  started: 'Clock started',
  targets_changed: 'Targets changed',
  paused: 'Clock paused',
  resumed: 'Clock resumed',
  first_response_met: 'First response given',
  first_response_warning: 'First response at 80 %',
  first_response_breached: 'First response target missed',
  resolution_met: 'Resolved',
  resolution_warning: 'Resolution at 80 %',
  resolution_breached: 'Resolution target missed',
  stopped: 'Clock stopped (closed)',
  recalculated: 'Due dates recalculated',
}
