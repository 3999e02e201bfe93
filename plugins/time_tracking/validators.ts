import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import { requiredDateRange, type DateRangeMeta } from '#kit/date_range'
import { MAX_ENTRY_MINUTES } from './models/time_entry.js'

const DAY = { formats: ['YYYY-MM-DD'] }

/** Logging or editing an entry (the ticket page's form, the edit page). */
export const timeEntryValidator = vine.compile(
  vine.object({
    minutes: vine.number().withoutDecimals().min(1).max(MAX_ENTRY_MINUTES),
    billable: vine.boolean().optional(),
    note: vine.string().trim().maxLength(1000).optional(),
    work_date: vine.date(DAY),
  })
)

timeEntryValidator.messagesProvider = new SimpleMessagesProvider(
  {
    'minutes.required': 'Enter the minutes you worked',
    'minutes.number': 'Enter the minutes as a whole number, such as 45',
    'minutes.withoutDecimals': 'Enter the minutes as a whole number, such as 45',
    'minutes.min': 'Log at least 1 minute',
    'minutes.max': `One entry holds at most ${MAX_ENTRY_MINUTES} minutes (24 hours)`,
    'billable.boolean': 'Billable must be yes or no',
    'note.string': 'The note must be text',
    'note.maxLength': 'The note must have at most 1000 characters',
    'work_date.required': 'Enter the day the work was done',
    'work_date.date': 'Enter a date such as 2026-11-03',
  },
  { work_date: 'date' }
)

/** Stopping the timer: what the logged entry says. */
export const stopTimerValidator = vine.compile(
  vine.object({
    stop_billable: vine.boolean().optional(),
    stop_note: vine.string().trim().maxLength(1000).optional(),
  })
)

// Its own field names: the log form beside it keeps its errors apart.
stopTimerValidator.messagesProvider = new SimpleMessagesProvider({
  'stop_billable.boolean': 'Billable must be yes or no',
  'stop_note.string': 'The note must be text',
  'stop_note.maxLength': 'The note must have at most 1000 characters',
})

/** A report covers at most a year (a leap year included). */
export const MAX_RANGE_DAYS = 366

/**
 * A report's date range (report page, CSV export, time:export): both days,
 * the first not after the last, at most MAX_RANGE_DAYS. Validate with
 * { meta: { zone } }.
 */
export const reportRangeValidator = vine
  .withMetaData<DateRangeMeta>()
  .compile(vine.object(requiredDateRange({ maxDays: MAX_RANGE_DAYS })))

/** The report page names its fields. */
export const pageRangeMessages = new SimpleMessagesProvider({
  'from.required': 'Enter the first day of the report',
  'from.calendarDay': 'Enter a date such as 2026-11-01',
  'to.required': 'Enter the last day of the report',
  'to.calendarDay': 'Enter a date such as 2026-11-30',
  'to.dateOrder': 'The last day must be on or after the first day',
  'to.dateSpan': 'A report covers at most {{ max }} days',
})

/** time:export names its flags. */
export const flagRangeMessages = new SimpleMessagesProvider({
  'from.required': 'Missing --from (a date such as 2026-11-01)',
  'from.calendarDay': '--from must be a date such as 2026-11-01',
  'to.required': 'Missing --to (a date such as 2026-11-30)',
  'to.calendarDay': '--to must be a date such as 2026-11-30',
  'to.dateOrder': '--to must be on or after --from',
  'to.dateSpan': '--from and --to may be at most {{ max }} days apart',
})
