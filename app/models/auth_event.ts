import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type AuthEventName =
  | 'sign_in'
  | 'sign_in_failed'
  | 'sign_in_blocked'
  | 'sign_out'
  | 'password_reset_requested'
  | 'password_reset'
  | 'password_changed'
  | 'invitation_sent'
  | 'invitation_accepted'
  | 'role_changed'
  | 'member_disabled'
  | 'user_disabled'
  | 'user_created'
  | 'token_created'
  | 'token_revoked'

/**
 * One line of the account and access log.
 */
export default class AuthEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number | null

  @column()
  declare userId: number | null

  @column()
  declare actorId: number | null

  @column()
  declare event: AuthEventName

  @column()
  declare email: string | null

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column()
  declare meta: Record<string, unknown>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
