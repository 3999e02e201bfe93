import { DateTime } from 'luxon'
import type { Infer } from '@vinejs/vine/types'
import type Membership from '#models/membership'
import Organization from '#models/organization'
import ActionError from '#exceptions/action_error'
import type { timeEntryValidator } from '../validators.js'
import { todayIn } from './report_range.js'

/** What an entry says, as the actions take it. */
export interface TimeEntryInput {
  minutes: number
  billable: boolean
  note: string | null
  /** ISO day, e.g. 2026-11-03. */
  workDate: string
}

/** The validated form as an entry's input (an unticked checkbox is "not billable"). */
export function entryInput(values: Infer<typeof timeEntryValidator>): TimeEntryInput {
  return {
    minutes: values.minutes,
    billable: values.billable ?? false,
    note: values.note || null,
    // VineJS parses the day at local midnight: read it back the same way.
    workDate: DateTime.fromJSDate(values.work_date).toISODate()!,
  }
}

/** The member's organization (the middleware and factories load it; jobs may not). */
export async function organizationOf(membership: Membership) {
  return membership.organization ?? (await Organization.findOrFail(membership.organizationId))
}

/** Work is logged for days that have begun, in the organization's calendar. */
export async function ensureWorkDate(membership: Membership, workDate: string) {
  const organization = await organizationOf(membership)
  if (workDate > todayIn(organization.timeZone)) {
    throw new ActionError('The date cannot be in the future', 'work_date')
  }
  if (workDate < '2000-01-01') {
    throw new ActionError('The date must be in the year 2000 or later', 'work_date')
  }
}
