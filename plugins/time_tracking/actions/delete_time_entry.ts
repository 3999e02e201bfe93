import db from '@adonisjs/lucid/services/db'
import { appendAuditEvent } from '#kit/audit'
import type Actor from '#actions/actor'
import type TimeEntry from '../models/time_entry.js'
import { bouncerFor, guard } from '#kit/policies'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import { auditedEntry } from './update_time_entry.js'

/** Its author, a manager or an admin deletes an entry (recorded in the audit trail). */
export default class DeleteTimeEntry {
  static async handle(actor: Actor, { entry }: { entry: TimeEntry }) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(TimeEntryPolicy).authorize('delete', entry))
    await db.transaction(async (trx) => {
      entry.useTransaction(trx)
      await entry.delete()
      await appendAuditEvent(
        {
          organizationId: entry.organizationId,
          action: 'time_entry.deleted',
          subjectType: 'time_entry',
          subjectId: entry.id,
          before: auditedEntry(entry),
        },
        actor,
        trx
      )
    })
  }
}
