import { DateTime } from 'luxon'
import { errors as lucidErrors } from '@adonisjs/lucid'
import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import type Actor from '#actions/actor'
import ActionError from '#exceptions/action_error'
import TimeTimer from '../models/time_timer.js'
import { bouncerFor, guard } from '#kit/policies'
import TimeEntryPolicy from '../policies/time_entry_policy.js'

/**
 * Starts the member's timer on a ticket. A person has one timer at a time
 * (per organization): starting it again on the same ticket changes
 * nothing; while it runs on another ticket, the start is refused.
 */
export default class StartTimer {
  static async handle(actor: Actor, { ticket }: { ticket: Ticket }) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(TimeEntryPolicy).authorize('log'))
    if (ticket.organizationId !== membership.organizationId) {
      throw new lucidErrors.E_ROW_NOT_FOUND(Ticket)
    }
    // The unique (organization, person) index settles two starts at once.
    const { rows } = await db.rawQuery(
      `INSERT INTO time_timers (organization_id, ticket_id, user_id, started_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (organization_id, user_id) DO NOTHING
       RETURNING id`,
      [membership.organizationId, ticket.id, membership.userId, DateTime.now().toJSDate()]
    )
    const timer = await TimeTimer.query()
      .where('organization_id', membership.organizationId)
      .where('user_id', membership.userId)
      .preload('ticket')
      .firstOrFail()
    if (timer.ticketId !== ticket.id) {
      throw new ActionError(
        `Your timer is running on ${timer.ticket.reference}. Stop it there first.`,
        undefined,
        { status: 409 }
      )
    }
    return { timer, started: rows.length > 0 }
  }
}
