import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import PasswordResetMail from '#mails/password_reset_mail'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import CreatePasswordResetLink from '#actions/passwords/create_password_reset_link'
import type Actor from '#actions/actor'

/**
 * Mails a single-use reset link (valid one hour) to an active account.
 * The caller tells the visitor the same thing whether the account exists
 * or not, so the form cannot be used to find out who has an account.
 */
export default class RequestPasswordReset {
  static async handle(actor: Actor, { email }: { email: string }) {
    const user = await User.findByEmail(email)
    if (!user || user.isDisabled) return

    const { url } = await CreatePasswordResetLink.handle(actor, { user, validForHours: 1 })
    await RecordAuthEvent.handle(actor, { event: 'password_reset_requested', user })

    try {
      await mail.send(new PasswordResetMail(user, url))
    } catch (error) {
      logger.error({ err: error, userId: user.id }, 'could not send the password reset mail')
    }
  }
}
