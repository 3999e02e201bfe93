import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import PasswordResetToken from '#models/password_reset_token'
import { newSecretToken } from '#domain/secret_token'
import { appUrl } from '#config/app'
import type Actor from '#actions/actor'

/**
 * A single-use link where a person chooses a password: mailed by
 * RequestPasswordReset (one hour), printed by `atum:user:create` for a new
 * account (a day). Only the token's hash is stored.
 */
export default class CreatePasswordResetLink {
  static async handle(
    _actor: Actor,
    { user, validForHours }: { user: User; validForHours: number },
    trx?: TransactionClientContract
  ) {
    const { token, hash } = newSecretToken()
    await PasswordResetToken.create(
      {
        userId: user.id,
        tokenHash: hash,
        expiresAt: DateTime.now().plus({ hours: validForHours }),
      },
      { client: trx }
    )
    return { token, url: `${appUrl}/reset-password/${token}` }
  }
}
