import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import TimeEntry from '../models/time_entry.js'
import TimeTimer from '../models/time_timer.js'
import { bouncerFor } from '#kit/policies'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import { organizationOf } from './entry_input.js'
import { todayIn } from './report_range.js'

/** Entries the ticket page lists; the rest are on the ticket's time page. */
export const PANEL_ENTRIES = 10

/** The entries of a ticket, newest work first, always through its organization. */
export function ticketEntries(ticket: Ticket) {
  return TimeEntry.query()
    .where('organization_id', ticket.organizationId)
    .where('ticket_id', ticket.id)
    .preload('user')
    .orderBy('work_date', 'desc')
    .orderBy('id', 'desc')
}

/** A ticket's logged time: minutes in all, billable, and the number of entries. */
export async function ticketTotals(ticket: Ticket) {
  const row = await db
    .from('time_entries')
    .where('organization_id', ticket.organizationId)
    .where('ticket_id', ticket.id)
    .select(
      db.raw('count(*)::int AS entries'),
      db.raw('coalesce(sum(minutes), 0)::int AS total'),
      db.raw('coalesce(sum(minutes) FILTER (WHERE billable), 0)::int AS billable')
    )
    .firstOrFail()
  return row as { entries: number; total: number; billable: number }
}

/** 3725 s → "1:02:05". */
export function formatElapsed(seconds: number) {
  const whole = Math.max(0, Math.floor(seconds))
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${Math.floor(whole / 3600)}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`
}

/**
 * What the time panel of the desk ticket page shows the member: the
 * ticket's latest entries (with what the member may change), its totals,
 * and the member's running timer (on this ticket or another one).
 */
export async function ticketTimePanel(membership: Membership | null, ticket: Ticket) {
  const policy = bouncerFor(membership).with(TimeEntryPolicy)
  if (
    !membership ||
    !(await policy.allows('log')) ||
    ticket.organizationId !== membership.organizationId
  ) {
    return null
  }
  const organization = await organizationOf(membership)
  const entries = await ticketEntries(ticket).limit(PANEL_ENTRIES)
  const timer = await TimeTimer.query()
    .where('organization_id', membership.organizationId)
    .where('user_id', membership.userId)
    .preload('ticket')
    .first()
  const elapsed = timer ? Math.max(0, -timer.startedAt.diffNow('seconds').seconds) : 0
  return {
    entries: await Promise.all(
      entries.map(async (entry) => ({ entry, editable: await policy.allows('update', entry) }))
    ),
    totals: await ticketTotals(ticket),
    more: PANEL_ENTRIES,
    today: todayIn(organization.timeZone),
    timer: timer
      ? {
          here: timer.ticketId === ticket.id,
          reference: timer.ticket.reference,
          startedAt: timer.startedAt.setZone(organization.timeZone),
          elapsedSeconds: Math.floor(elapsed),
          elapsed: formatElapsed(elapsed),
        }
      : null,
    zone: organization.timeZone,
    now: DateTime.now(),
  }
}
