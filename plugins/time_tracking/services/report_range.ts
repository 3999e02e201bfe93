import { DateTime } from 'luxon'
import type { SimpleMessagesProvider } from '@vinejs/vine'
import { flagRangeMessages, pageRangeMessages, reportRangeValidator } from '../validators.js'

/** Days of work a report or an export covers, both included (ISO dates). */
export interface ReportRange {
  from: string
  to: string
}

/** A report covers at most a year (a leap year included). */
export const MAX_RANGE_DAYS = 366

const WORDING: Record<'page' | 'flags', { messages: SimpleMessagesProvider; span: string }> = {
  page: {
    messages: pageRangeMessages,
    span: `A report covers at most ${MAX_RANGE_DAYS} days`,
  },
  flags: {
    messages: flagRangeMessages,
    span: `--from and --to may be at most ${MAX_RANGE_DAYS} days apart`,
  },
}

export type RangeCheck =
  | { range: ReportRange; errors: null }
  | { range: null; errors: Record<'from' | 'to', string | undefined> }

/**
 * Checks a date range given by the report page's form or by the flags of
 * time:export: real calendar days, the first not after the last, at most
 * MAX_RANGE_DAYS. Errors are worded for the form's fields or the flags.
 */
export async function checkReportRange(
  data: unknown,
  wording: 'page' | 'flags'
): Promise<RangeCheck> {
  const { messages, span } = WORDING[wording]
  const [invalid, input] = await reportRangeValidator.tryValidate(data, {
    messagesProvider: messages,
  })
  if (invalid) {
    const errors: Record<'from' | 'to', string | undefined> = { from: undefined, to: undefined }
    for (const { field, message } of invalid.messages as Array<{
      field: string
      message: string
    }>) {
      if (field === 'from' || field === 'to') errors[field] ??= message
    }
    return { range: null, errors }
  }
  // VineJS parses the days at local midnight: read them back the same way.
  const from = DateTime.fromJSDate(input.from)
  const to = DateTime.fromJSDate(input.to)
  if (to.diff(from, 'days').days + 1 > MAX_RANGE_DAYS) {
    return { range: null, errors: { from: undefined, to: span } }
  }
  return { range: { from: from.toISODate()!, to: to.toISODate()! }, errors: null }
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
