import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Ticket from '#models/ticket'
import type Actor from '#actions/actor'
import ActionError from '#exceptions/action_error'
import TimeEntry, { MAX_ENTRY_MINUTES } from '../models/time_entry.js'
import { bouncerFor, guard } from '#kit/policies'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import { organizationOf } from '../services/entry_input.js'

/**
 * Stops the member's timer on a ticket and logs the time it ran (whole
 * minutes, at least one, at most a day: a timer forgotten overnight is
 * capped, and the entry can be corrected) on the day it was started.
 */
export default class StopTimer {
  static async handle(
    actor: Actor,
    { ticket, ...input }: { ticket: Ticket; billable: boolean; note: string | null }
  ) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(TimeEntryPolicy).authorize('log'))
    const organization = await organizationOf(membership)
    return db.transaction(async (trx) => {
      // Deleting first means two stops at once log the time once.
      const { rows } = await trx.rawQuery(
        `DELETE FROM time_timers
          WHERE organization_id = ? AND user_id = ? AND ticket_id = ?
          RETURNING started_at`,
        [membership.organizationId, membership.userId, ticket.id]
      )
      if (rows.length === 0) {
        throw new ActionError('Your timer is not running on this ticket.', undefined, {
          status: 409,
        })
      }
      const startedAt = DateTime.fromJSDate(rows[0].started_at)
      const elapsed = Math.max(1, Math.round(-startedAt.diffNow('minutes').minutes))
      const entry = await TimeEntry.create(
        {
          organizationId: membership.organizationId,
          ticketId: ticket.id,
          userId: membership.userId,
          minutes: Math.min(elapsed, MAX_ENTRY_MINUTES),
          billable: input.billable,
          note: input.note,
          workDate: startedAt.setZone(organization.timeZone).startOf('day'),
        },
        { client: trx }
      )
      return { entry, capped: elapsed > MAX_ENTRY_MINUTES }
    })
  }
}
