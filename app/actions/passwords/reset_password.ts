import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import PasswordResetToken from '#models/password_reset_token'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import { hashSecretToken } from '#domain/secret_token'
import EndOtherSessions from '#actions/passwords/end_other_sessions'
import type Actor from '#actions/actor'

/**
 * Sets a new password from a reset link. The token is used up (even by two
 * requests racing with it: the row is locked), every other token of the
 * account stops working, and every signed-in session ends.
 */
export default class ResetPassword {
  static async findUsable(token: string) {
    const row = await PasswordResetToken.findBy('token_hash', hashSecretToken(token))
    return row?.isUsable ? row : null
  }

  /** The actor is the visitor who followed the mailed link. */
  static async handle(actor: Actor, { token, password }: { token: string; password: string }) {
    const user = await db.transaction(async (trx) => {
      const row = await PasswordResetToken.query({ client: trx })
        .where('token_hash', hashSecretToken(token))
        .forUpdate()
        .preload('user')
        .first()
      if (!row?.isUsable) {
        throw new ActionError('This reset link has expired or was already used. Ask for a new one.')
      }
      await PasswordResetToken.query({ client: trx })
        .where('user_id', row.userId)
        .whereNull('used_at')
        .update({ used_at: DateTime.now().toSQL() })

      row.user.useTransaction(trx)
      row.user.password = password
      await EndOtherSessions.handle(actor, { user: row.user }, trx)
      return row.user
    })

    await RecordAuthEvent.handle(actor, { event: 'password_reset', user })
    return user
  }
}
