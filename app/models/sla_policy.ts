import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import BusinessCalendar from '#models/business_calendar'
import type { TicketPriority } from '#models/ticket'

/**
 * Targets for the tickets of one priority (or, with no priority, the
 * organization's default policy), in business minutes of a calendar.
 */
export default class SlaPolicy extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  /** null: the default policy, for priorities without their own. */
  @column()
  declare priority: TicketPriority | null

  @column()
  declare calendarId: number

  @column()
  declare firstResponseMinutes: number

  @column()
  declare resolutionMinutes: number

  @belongsTo(() => BusinessCalendar, { foreignKey: 'calendarId' })
  declare calendar: BelongsTo<typeof BusinessCalendar>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
