import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Organization from '#models/organization'
import User from '#models/user'
import TicketComment from '#models/ticket_comment'

export const TICKET_STATUSES = [
  'new',
  'accepted',
  'assigned',
  'in_progress',
  'waiting_customer',
  'resolved',
  'closed',
] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type TicketPriority = (typeof TICKET_PRIORITIES)[number]

export const TICKET_SOURCES = ['portal', 'desk', 'api', 'email'] as const
export type TicketSource = (typeof TICKET_SOURCES)[number]

/** Statuses in which the SLA clock runs (it pauses in waiting_customer and resolved). */
export const SLA_RUNNING_STATUSES: readonly TicketStatus[] = [
  'new',
  'accepted',
  'assigned',
  'in_progress',
]

/** Statuses in which the ticket still needs work. */
export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'accepted',
  'assigned',
  'in_progress',
  'waiting_customer',
]

/**
 * A customer's request and its conversation.
 */
export default class Ticket extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  /** Gap-free per organization; shown as ATUM-<number>. */
  @column()
  declare number: number

  @column()
  declare subject: string

  /** Markdown as written. */
  @column()
  declare description: string

  /** Rendered and sanitized at write time (domain/markdown.ts). */
  @column({ serializeAs: null })
  declare descriptionHtml: string

  @column()
  declare status: TicketStatus

  @column()
  declare priority: TicketPriority

  @column()
  declare category: string | null

  @column()
  declare tags: string[]

  @column()
  declare source: TicketSource

  @column()
  declare requesterId: number

  @column()
  declare assigneeId: number | null

  @column.dateTime()
  declare firstResponseAt: DateTime | null

  @column.dateTime()
  declare resolvedAt: DateTime | null

  @column.dateTime()
  declare closedAt: DateTime | null

  /* SLA (app/services/sla/ticket_sla.ts keeps these true). */

  @column()
  declare slaPolicyId: number | null

  /** The policy's targets when applied, in business minutes. */
  @column()
  declare firstResponseTarget: number | null

  @column()
  declare resolutionTarget: number | null

  /** Set while the clock is paused (waiting_customer, resolved). */
  @column.dateTime()
  declare slaPausedAt: DateTime | null

  /** Business minutes of the finished pauses, given back to the due dates. */
  @column()
  declare slaPausedMinutes: number

  @column.dateTime()
  declare firstResponseDueAt: DateTime | null

  @column.dateTime()
  declare firstResponseWarnAt: DateTime | null

  @column.dateTime()
  declare firstResponseWarnedAt: DateTime | null

  @column.dateTime()
  declare firstResponseBreachedAt: DateTime | null

  @column.dateTime()
  declare resolutionDueAt: DateTime | null

  @column.dateTime()
  declare resolutionWarnAt: DateTime | null

  @column.dateTime()
  declare resolutionWarnedAt: DateTime | null

  @column.dateTime()
  declare resolutionBreachedAt: DateTime | null

  @belongsTo(() => Organization)
  declare organization: BelongsTo<typeof Organization>

  @belongsTo(() => User, { foreignKey: 'requesterId' })
  declare requester: BelongsTo<typeof User>

  @belongsTo(() => User, { foreignKey: 'assigneeId' })
  declare assignee: BelongsTo<typeof User>

  @hasMany(() => TicketComment)
  declare comments: HasMany<typeof TicketComment>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** ATUM-1042 */
  get reference() {
    return Ticket.reference(this.number)
  }

  static reference(number: number) {
    return `ATUM-${number}`
  }

  /** "ATUM-12" or "12" (any case); routes match `:number` with it. */
  static REFERENCE = /^(?:ATUM-)?(\d{1,9})$/i

  /** "ATUM-12" or "12" → 12; anything else → null. */
  static parseReference(value: string): number | null {
    const match = Ticket.REFERENCE.exec(value.trim())
    return match ? Number(match[1]) : null
  }
}
