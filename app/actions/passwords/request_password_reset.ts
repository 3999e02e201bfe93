import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import PasswordResetMail from '#mails/password_reset_mail'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import CreatePasswordResetLink from '#actions/passwords/create_password_reset_link'

/**
 * Mails a single-use reset link (valid one hour) to an active account.
 * The caller tells the visitor the same thing whether the account exists
 * or not, so the form cannot be used to find out who has an account.
 */
export default class RequestPasswordReset {
  static async handle(email: string, request?: HttpContext['request']) {
    const user = await User.findByEmail(email)
    if (!user || user.isDisabled) return

    const { url } = await CreatePasswordResetLink.handle(user, 1)
    await RecordAuthEvent.handle({ event: 'password_reset_requested', user, request })

    try {
      await mail.send(new PasswordResetMail(user, url))
    } catch (error) {
      logger.error({ err: error, userId: user.id }, 'could not send the password reset mail')
    }
  }
}
