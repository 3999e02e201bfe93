import { DateTime } from 'luxon'
import type Ticket from '#models/ticket'
import type Membership from '#models/membership'
import TimeEntry from '../../models/time_entry.js'

/** An entry written straight to the table (the figures a test starts from). */
export function createEntry(
  ticket: Ticket,
  author: Membership,
  values: Partial<{ minutes: number; billable: boolean; note: string | null; workDate: string }> = {}
) {
  return TimeEntry.create({
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    userId: author.userId,
    minutes: values.minutes ?? 30,
    billable: values.billable ?? true,
    note: values.note ?? null,
    workDate: DateTime.fromISO(values.workDate ?? DateTime.now().toISODate()!),
  })
}

/** Today in UTC, the factories' organizations' time zone. */
export const today = () => DateTime.utc().toISODate()!
