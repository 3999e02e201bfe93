import { DateTime } from 'luxon'
import { fieldErrors } from '#kit/date_range'
import { flagRangeMessages, pageRangeMessages, reportRangeValidator } from '../validators.js'

export { MAX_RANGE_DAYS } from '../validators.js'

/** Days of work a report or an export covers, both included (ISO dates). */
export interface ReportRange {
  from: string
  to: string
}

export type RangeCheck =
  | { range: ReportRange; errors: null }
  | { range: null; errors: Record<'from' | 'to', string | undefined> }

/**
 * Checks a date range given by the report page's form or by the flags of
 * time:export with the core's date-range reader: real calendar days, the
 * first not after the last, at most MAX_RANGE_DAYS. Errors are worded for
 * the form's fields or the flags.
 */
export async function checkReportRange(
  data: unknown,
  wording: 'page' | 'flags'
): Promise<RangeCheck> {
  const [invalid, input] = await reportRangeValidator.tryValidate(data, {
    messagesProvider: wording === 'page' ? pageRangeMessages : flagRangeMessages,
    // A work day is a calendar day without a zone: any zone reads the same days.
    meta: { zone: 'UTC' },
  })
  if (invalid) {
    const errors = fieldErrors(invalid)
    return { range: null, errors: { from: errors.from, to: errors.to } }
  }
  return { range: { from: input.from.toISODate()!, to: input.to.toISODate()! }, errors: null }
}

/** The current month up to today, in the organization's calendar. */
export function defaultReportRange(timeZone: string): ReportRange {
  const today = DateTime.now().setZone(timeZone)
  return { from: today.startOf('month').toISODate()!, to: today.toISODate()! }
}

/** "Today" in an organization's calendar. */
export function todayIn(timeZone: string) {
  return DateTime.now().setZone(timeZone).toISODate()!
}
