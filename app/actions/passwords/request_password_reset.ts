import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import PasswordResetToken from '#models/password_reset_token'
import PasswordResetMail from '#mails/password_reset_mail'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import { newSecretToken } from '#services/access/secret_token'

/**
 * Mails a single-use reset link (valid one hour) to an active account.
 * The caller tells the visitor the same thing whether the account exists
 * or not, so the form cannot be used to find out who has an account.
 */
export default class RequestPasswordReset {
  static async handle(email: string, request?: HttpContext['request']) {
    const user = await User.findByEmail(email)
    if (!user || user.isDisabled) return

    const { token, hash } = newSecretToken()
    await PasswordResetToken.create({
      userId: user.id,
      tokenHash: hash,
      expiresAt: DateTime.now().plus({ hours: 1 }),
    })
    await RecordAuthEvent.handle({ event: 'password_reset_requested', user, request })

    try {
      await mail.send(new PasswordResetMail(user, token))
    } catch (error) {
      logger.error({ err: error, userId: user.id }, 'could not send the password reset mail')
    }
  }
}
