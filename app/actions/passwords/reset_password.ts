import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import PasswordResetToken from '#models/password_reset_token'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import { hashSecretToken } from '#services/access/secret_token'
import EndOtherSessions from '#actions/passwords/end_other_sessions'

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

  static async handle(token: string, password: string, request?: HttpContext['request']) {
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
      await EndOtherSessions.handle(row.user, trx)
      return row.user
    })

    await RecordAuthEvent.handle({ event: 'password_reset', user, request })
    return user
  }
}
