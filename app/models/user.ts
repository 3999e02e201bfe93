import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, beforeCreate, beforeSave, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbRememberMeTokensProvider } from '@adonisjs/auth/session'
import { DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import Membership from '#models/membership'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/**
 * A person's account, global across organizations.
 */
export default class User extends compose(BaseModel, AuthFinder) {
  static rememberMeTokens = DbRememberMeTokensProvider.forModel(User)
  static accessTokens = DbAccessTokensProvider.forModel(User, {
    prefix: 'atum_',
    table: 'auth_access_tokens',
    type: 'api_token',
  })

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column()
  declare fullName: string

  @column()
  declare locale: string

  @column()
  declare timeZone: string

  @column({ serializeAs: null })
  declare password: string | null

  @column({ serializeAs: null })
  declare sessionVersion: number

  @column.dateTime()
  declare disabledAt: DateTime | null

  @hasMany(() => Membership)
  declare memberships: HasMany<typeof Membership>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isDisabled() {
    return !!this.disabledAt
  }

  /** The database defaults, also on the in-memory model after create. */
  @beforeCreate()
  static applyDefaults(user: User) {
    user.sessionVersion ??= 1
    user.locale ??= 'en'
    user.timeZone ??= 'UTC'
  }

  /**
   * Emails are stored trimmed and lower-cased; the unique index on
   * lower(email) guards the rest.
   */
  @beforeSave()
  static normalizeEmail(user: User) {
    if (user.$dirty.email) user.email = User.normalizeEmailAddress(user.email)
  }

  static normalizeEmailAddress(email: string) {
    return email.trim().toLowerCase()
  }

  static findByEmail(email: string) {
    return User.query()
      .whereRaw('lower(email) = ?', [User.normalizeEmailAddress(email)])
      .first()
  }
}
