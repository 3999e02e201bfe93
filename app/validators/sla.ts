import vine from '@vinejs/vine'
import { IANAZone } from 'luxon'
import { optionalDateRange, type DateRangeMeta } from '#validators/date_range'
import { TICKET_PRIORITIES } from '#models/ticket'
import { parseDayIntervals, parseDuration, parseHolidays } from '#services/sla/calendar_text'

/**
 * A VineJS rule from one of the calendar editor's text readers: the field's
 * value becomes what the reader returns, or its message is the error.
 */
function textRule<Output>(read: (text: string) => Output) {
  return vine.createRule((value, _options, field) => {
    if (typeof value !== 'string') return
    try {
      field.mutate(read(value), field)
    } catch (error) {
      field.report((error as Error).message, 'format', field)
    }
  })
}

const timeZone = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && !IANAZone.isValidZone(value)) {
    field.report('Choose a time zone of the list, such as Europe/Berlin', 'time_zone', field)
  }
})

const dayIntervals = () => vine.string().trim().maxLength(200).use(textRule(parseDayIntervals)())

/** The calendar editor: a name, a zone, each weekday's hours and the holidays. */
export const calendarValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(80),
    time_zone: vine.string().trim().maxLength(64).use(timeZone()),
    day_0: dayIntervals().optional(),
    day_1: dayIntervals().optional(),
    day_2: dayIntervals().optional(),
    day_3: dayIntervals().optional(),
    day_4: dayIntervals().optional(),
    day_5: dayIntervals().optional(),
    day_6: dayIntervals().optional(),
    holidays: vine.string().maxLength(20_000).use(textRule(parseHolidays)()).optional(),
  })
)

const duration = () => vine.string().trim().maxLength(20).use(textRule(parseDuration)()).optional()

/**
 * The policies form: one row per priority and one for the default. A row
 * with both targets empty has no policy of its own.
 */
export const policiesValidator = vine.compile(
  vine.object({
    policies: vine.object(
      Object.fromEntries(
        ['default', ...TICKET_PRIORITIES].map((key) => [
          key,
          vine
            .object({
              calendar_id: vine.number().positive().withoutDecimals().optional(),
              first_response: duration(),
              resolution: duration(),
            })
            .optional(),
        ])
      )
    ),
  })
)

/**
 * Compliance figures for a date range (query string). Validate with
 * { meta: { zone } }: the days are read in the organization's zone.
 */
export const complianceValidator = vine
  .withMetaData<DateRangeMeta>()
  .compile(vine.object(optionalDateRange()))
