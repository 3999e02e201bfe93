import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import {
  describe,
  ticketPath,
  type NotificationData,
  type NotificationKind,
} from '#services/notifications/kinds'

/**
 * Something a person is told about, in one organization (the bell). Rows
 * are written by recordNotifications, inside the transaction of the
 * change that caused them.
 */
export default class Notification extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare userId: number

  @column()
  declare kind: NotificationKind

  @column()
  declare ticketId: number | null

  @column()
  declare actorId: number | null

  @column()
  declare data: NotificationData

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User, { foreignKey: 'actorId' })
  declare actor: BelongsTo<typeof User>

  get isRead() {
    return !!this.readAt
  }

  /** One line saying what happened (plain text). */
  get summary() {
    return describe(this.kind, this.data, this.actor?.fullName ?? null)
  }

  /** The ticket page it leads to, or null when it concerns no ticket. */
  get path() {
    return this.data.number ? ticketPath(this.kind, this.data.number) : null
  }
}
