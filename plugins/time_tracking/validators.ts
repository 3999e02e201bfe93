import vine, { SimpleMessagesProvider } from '@vinejs/vine'
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

/** A report's date range (report page, CSV export, time:export). */
export const reportRangeValidator = vine.compile(
  vine.object({
    from: vine.date(DAY),
    to: vine.date(DAY).afterOrSameAs('from'),
  })
)

/** The report page names its fields. */
export const pageRangeMessages = new SimpleMessagesProvider({
  'from.required': 'Enter the first day of the report',
  'from.date': 'Enter a date such as 2026-11-01',
  'to.required': 'Enter the last day of the report',
  'to.date': 'Enter a date such as 2026-11-30',
  'to.date.afterOrSameAs': 'The last day must be on or after the first day',
})

/** time:export names its flags. */
export const flagRangeMessages = new SimpleMessagesProvider({
  'from.required': 'Missing --from (a date such as 2026-11-01)',
  'from.date': '--from must be a date such as 2026-11-01',
  'to.required': 'Missing --to (a date such as 2026-11-30)',
  'to.date': '--to must be a date such as 2026-11-30',
  'to.date.afterOrSameAs': '--to must be on or after --from',
})
