import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { appendAuditEvent } from '#kit/audit'
import type Actor from '#actions/actor'
import type TimeEntry from '../models/time_entry.js'
import { bouncerFor, guard } from '#kit/policies'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import { ensureWorkDate, type TimeEntryInput } from '../services/entry_input.js'

/** What the audit trail keeps of an entry. */
export function auditedEntry(entry: TimeEntry) {
  return {
    ticket_id: entry.ticketId,
    user_id: entry.userId,
    minutes: entry.minutes,
    billable: entry.billable,
    work_date: entry.workDate.toISODate(),
  }
}

/**
 * Its author, a manager or an admin corrects an entry. Logged time is
 * billed, so the change is written to the audit trail.
 */
export default class UpdateTimeEntry {
  static async handle(actor: Actor, { entry, ...input }: TimeEntryInput & { entry: TimeEntry }) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(TimeEntryPolicy).authorize('update', entry))
    await ensureWorkDate(membership, input.workDate)
    const before = auditedEntry(entry)
    return db.transaction(async (trx) => {
      entry.useTransaction(trx)
      entry.merge({
        minutes: input.minutes,
        billable: input.billable,
        note: input.note,
        workDate: DateTime.fromISO(input.workDate),
      })
      await entry.save()
      await appendAuditEvent(
        {
          organizationId: entry.organizationId,
          action: 'time_entry.updated',
          subjectType: 'time_entry',
          subjectId: entry.id,
          before,
          after: auditedEntry(entry),
        },
        actor,
        trx
      )
      return entry
    })
  }
}
