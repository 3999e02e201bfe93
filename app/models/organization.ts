import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import OrganizationPlugin from '#models/organization_plugin'
import Membership from '#models/membership'
import Invitation from '#models/invitation'
import Ticket from '#models/ticket'

/**
 * A tenant: a company or team served by the desk.
 */
export default class Organization extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare slug: string

  @column()
  declare timeZone: string

  @column()
  declare settings: Record<string, unknown>

  @hasMany(() => OrganizationPlugin)
  declare plugins: HasMany<typeof OrganizationPlugin>

  @hasMany(() => Membership)
  declare memberships: HasMany<typeof Membership>

  @hasMany(() => Invitation)
  declare invitations: HasMany<typeof Invitation>

  @hasMany(() => Ticket)
  declare tickets: HasMany<typeof Ticket>

  /** Whether customers see every ticket of the organization, not only their own. */
  get customersSeeAllTickets() {
    return this.settings?.customersSeeAllTickets === true
  }

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
