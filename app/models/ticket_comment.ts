import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import Ticket from '#models/ticket'

export type CommentVisibility = 'public' | 'internal'

/**
 * A reply on a ticket: public (the customer sees it) or an internal note
 * (staff only, everywhere).
 */
export default class TicketComment extends BaseModel {
  static table = 'ticket_comments'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare ticketId: number

  @column()
  declare authorId: number

  @column()
  declare visibility: CommentVisibility

  @column()
  declare body: string

  @column({ serializeAs: null })
  declare bodyHtml: string

  @belongsTo(() => User, { foreignKey: 'authorId' })
  declare author: BelongsTo<typeof User>

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isInternal() {
    return this.visibility === 'internal'
  }
}
