import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

/**
 * One immutable line of an organization's audit trail (append-only in
 * PostgreSQL, hash-chained: services/audit/audit_trail.ts).
 */
export default class AuditEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare actorId: number | null

  @column()
  declare action: string

  @column()
  declare subjectType: string

  @column()
  declare subjectId: string | null

  @column()
  declare before: Record<string, unknown> | null

  @column()
  declare after: Record<string, unknown> | null

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column.dateTime()
  declare createdAt: DateTime

  @column()
  declare prevHash: string

  @column()
  declare hash: string

  @belongsTo(() => User, { foreignKey: 'actorId' })
  declare actor: BelongsTo<typeof User>
}
