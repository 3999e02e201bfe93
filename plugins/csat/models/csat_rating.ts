import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Ticket from '#models/ticket'
import User from '#models/user'

/** The words beside each score, lowest first (forms, mail, report). */
export const SCORE_LABELS: Record<number, string> = {
  1: 'Very dissatisfied',
  2: 'Dissatisfied',
  3: 'Neutral',
  4: 'Satisfied',
  5: 'Very satisfied',
}
export const SCORES = [1, 2, 3, 4, 5] as const

/**
 * A requester's rating of a resolved ticket: one per ticket, changed in
 * place until the ticket is closed.
 */
export default class CsatRating extends BaseModel {
  static table = 'csat_ratings'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare ticketId: number

  @column()
  declare ratedById: number | null

  /** The ticket's assignee when the score was given. */
  @column()
  declare agentId: number | null

  @column()
  declare score: number

  @column()
  declare comment: string | null

  @column.dateTime()
  declare ratedAt: DateTime

  @belongsTo(() => Ticket)
  declare ticket: BelongsTo<typeof Ticket>

  @belongsTo(() => User, { foreignKey: 'agentId' })
  declare agent: BelongsTo<typeof User>

  @belongsTo(() => User, { foreignKey: 'ratedById' })
  declare ratedBy: BelongsTo<typeof User>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get label() {
    return SCORE_LABELS[this.score]
  }
}
