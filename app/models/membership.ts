import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Organization from '#models/organization'
import User from '#models/user'

export const ROLES = ['customer', 'agent', 'manager', 'admin'] as const
export type Role = (typeof ROLES)[number]
export const STAFF_ROLES: readonly Role[] = ['agent', 'manager', 'admin']

/**
 * A user's role in one organization.
 */
export default class Membership extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare organizationId: number

  @column()
  declare userId: number

  @column()
  declare role: Role

  @column.dateTime()
  declare disabledAt: DateTime | null

  @belongsTo(() => Organization)
  declare organization: BelongsTo<typeof Organization>

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isStaff() {
    return STAFF_ROLES.includes(this.role)
  }

  get isActive() {
    return !this.disabledAt
  }

  /** At least the given role: customer < agent < manager < admin. */
  hasAtLeast(role: Role) {
    return ROLES.indexOf(this.role) >= ROLES.indexOf(role)
  }
}
