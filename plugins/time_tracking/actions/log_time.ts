import { DateTime } from 'luxon'
import { errors as lucidErrors } from '@adonisjs/lucid'
import Ticket from '#models/ticket'
import type Actor from '#actions/actor'
import TimeEntry from '../models/time_entry.js'
import { bouncerFor, guard } from '#kit/policies'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import { ensureWorkDate, type TimeEntryInput } from '../services/entry_input.js'

/**
 * A staff member logs time they spent on a ticket of their organization.
 */
export default class LogTime {
  static async handle(actor: Actor, { ticket, ...input }: TimeEntryInput & { ticket: Ticket }) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(TimeEntryPolicy).authorize('log'))
    if (ticket.organizationId !== membership.organizationId) {
      throw new lucidErrors.E_ROW_NOT_FOUND(Ticket)
    }
    await ensureWorkDate(membership, input.workDate)
    return TimeEntry.create({
      organizationId: membership.organizationId,
      ticketId: ticket.id,
      userId: membership.userId,
      minutes: input.minutes,
      billable: input.billable,
      note: input.note,
      workDate: DateTime.fromISO(input.workDate),
    })
  }
}
