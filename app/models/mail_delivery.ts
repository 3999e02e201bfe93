import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type MailDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed'

/**
 * The outbox: one notification's mail to its recipient. Written pending in
 * the transaction of the change; the worker claims it, sends it once and
 * marks it sent (app/actions/notifications/send_mail_delivery.ts).
 */
export default class MailDelivery extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare notificationId: number

  @column()
  declare userId: number

  @column()
  declare status: MailDeliveryStatus

  @column()
  declare attempts: number

  @column()
  declare lastError: string | null

  @column.dateTime()
  declare dispatchedAt: DateTime | null

  @column.dateTime()
  declare claimedAt: DateTime | null

  @column.dateTime()
  declare sentAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
