import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { DateTime } from 'luxon'

/**
 * The one reader of a date range: "from" and "to" are calendar days
 * written YYYY-MM-DD (what <input type="date"> sends and every report's
 * links carry), read in an IANA zone given when validating (the viewer's,
 * or the organization's), and come out as Luxon DateTimes: "from" at the
 * start of its day, "to" at the end of its day, both in that zone.
 *
 *   const validator = vine
 *     .withMetaData<DateRangeMeta>()
 *     .compile(vine.object({ ...optionalDateRange(), page: … }))
 *   const [error, input] = await validator.tryValidate(qs, { meta: { zone } })
 *
 * Errors are reported on the field they concern, with these rule names
 * (a validator's messages provider may reword them, e.g. "to.dateOrder"):
 * - calendarDay: not a day that exists, written YYYY-MM-DD
 * - dateOrder: "to" is before "from"
 * - dateSpan: the range is longer than maxDays (both days counted)
 * - required: a day is missing (requiredDateRange only)
 */

/** What a validator with a date range needs when it runs: the zone its days are read in. */
export interface DateRangeMeta {
  zone: string
}

/** The only form a day is written in: what a date input sends. */
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Default wording of the rules (a validator's own messages provider may override it). */
export const DATE_RANGE_MESSAGES = {
  calendarDay: 'Enter a date such as 2026-11-03',
  dateOrder: 'The end date is before the start date',
  dateSpan: 'The range covers at most {{ max }} days',
} as const

/** A day written YYYY-MM-DD, at its start in `zone`; null when it is no such day. */
export function parseDay(value: unknown, zone: string): DateTime | null {
  if (typeof value !== 'string') return null
  const text = value.trim()
  if (!DAY.test(text)) return null
  const day = DateTime.fromISO(text, { zone })
  return day.isValid ? day.startOf('day') : null
}

function zoneOf(field: FieldContext): string {
  const zone = (field.meta as Partial<DateRangeMeta>).zone
  // A programming error, never the user's: the caller forgot { meta: { zone } }.
  if (!zone || !DateTime.local().setZone(zone).isValid) {
    throw new Error(`A date range needs a valid time zone in the validator's meta (got ${zone})`)
  }
  return zone
}

const calendarDay = vine.createRule((value, _options, field) => {
  if (parseDay(value, zoneOf(field)) === null) {
    field.report(DATE_RANGE_MESSAGES.calendarDay, 'calendarDay', field)
  }
})

/** On "to": not before "from", and at most maxDays long (both days counted). */
const withinRange = vine.createRule((value, options: { maxDays?: number }, field) => {
  if (!field.isValid) return
  const zone = zoneOf(field)
  const from = parseDay(field.parent?.from, zone)
  const to = parseDay(value, zone)
  if (!from || !to) return
  if (to < from) {
    field.report(DATE_RANGE_MESSAGES.dateOrder, 'dateOrder', field)
  } else if (options.maxDays && to.diff(from, 'days').days + 1 > options.maxDays) {
    field.report(DATE_RANGE_MESSAGES.dateSpan, 'dateSpan', field, { max: options.maxDays })
  }
})

const startOfDay = (value: string, field: FieldContext) => parseDay(value, zoneOf(field))!
const endOfDay = (value: string, field: FieldContext) =>
  parseDay(value, zoneOf(field))!.endOf('day')

export interface DateRangeOptions {
  /** The longest range accepted, in days, both ends included. */
  maxDays?: number
}

/**
 * "from" and "to" for a vine.object, each optional (a missing day leaves
 * that end open). Remove empty query-string values before validating: an
 * empty field of a GET form means "any".
 */
export function optionalDateRange(options: DateRangeOptions = {}) {
  return {
    from: vine.string().trim().use(calendarDay()).optional().transform(startOfDay),
    to: vine
      .string()
      .trim()
      .use(calendarDay())
      .use(withinRange(options))
      .optional()
      .transform(endOfDay),
  }
}

/** "from" and "to" for a vine.object, both required. */
export function requiredDateRange(options: DateRangeOptions = {}) {
  return {
    from: vine.string().trim().use(calendarDay()).transform(startOfDay),
    to: vine.string().trim().use(calendarDay()).use(withinRange(options)).transform(endOfDay),
  }
}

/** The first message per field of a failed validation, as a form shows them. */
export function fieldErrors(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {}
  const messages = (error as { messages?: Array<{ field: string; message: string }> })?.messages
  for (const { field, message } of messages ?? []) errors[field] ??= message
  return errors
}
