import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { BusinessCalendar as CalendarShape } from '#services/sla/business_time'

/** pg writes a JS array as a PostgreSQL array, not JSON: store JSON text. */
const json = { prepare: (value: unknown) => JSON.stringify(value) }

export type Holiday = { date: string; yearly?: boolean; name?: string }

/**
 * An organization's working hours: a time zone, weekly intervals and
 * holidays. SLA policies count their targets in this calendar's business
 * minutes (app/services/sla/business_time.ts).
 */
export default class BusinessCalendar extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare name: string

  @column()
  declare timeZone: string

  @column(json)
  declare week: CalendarShape['week']

  @column(json)
  declare holidays: Holiday[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** The shape business_time works with. */
  toCalendar(): CalendarShape {
    return {
      timeZone: this.timeZone,
      week: this.week,
      holidays: this.holidays.map(({ date, yearly }) => ({ date, yearly })),
    }
  }
}
