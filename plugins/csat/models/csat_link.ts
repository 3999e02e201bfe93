import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Ticket from '#models/ticket'

/** How long a mailed rating link works. */
export const LINK_VALID_DAYS = 14

/**
 * A single-use, expiring link that lets the requester rate a ticket
 * without signing in (only the token's hash is stored).
 */
export default class CsatLink extends BaseModel {
  static table = 'csat_links'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare ticketId: number

  @column({ serializeAs: null })
  declare tokenHash: string

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare usedAt: DateTime | null

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isExpired() {
    return this.expiresAt <= DateTime.now()
  }
}
