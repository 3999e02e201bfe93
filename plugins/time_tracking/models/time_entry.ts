import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import Ticket from '#models/ticket'

/** Minutes one entry may hold: a whole day at most. */
export const MAX_ENTRY_MINUTES = 24 * 60

/**
 * Time a staff member spent on a ticket, billable or not, on a given day.
 */
export default class TimeEntry extends BaseModel {
  static table = 'time_entries'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare ticketId: number

  @column()
  declare userId: number

  @column()
  declare minutes: number

  @column()
  declare billable: boolean

  @column()
  declare note: string | null

  @column.date()
  declare workDate: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
