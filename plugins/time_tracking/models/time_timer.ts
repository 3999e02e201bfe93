import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Ticket from '#models/ticket'

/**
 * A running timer: a person works on a ticket since `startedAt`. Kept
 * server-side so it survives reloads; stopping it logs a TimeEntry.
 */
export default class TimeTimer extends BaseModel {
  static table = 'time_timers'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare ticketId: number

  @column()
  declare userId: number

  @column.dateTime()
  declare startedAt: DateTime

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>
}
