import { BaseMail } from '@adonisjs/mail'
import type User from '#models/user'
import { appUrl } from '#config/app'

/**
 * The link to choose a new password. It works once, for one hour.
 */
export default class PasswordResetMail extends BaseMail {
  subject = 'Reset your ATUM DESK password'

  constructor(
    private user: User,
    private token: string
  ) {
    super()
  }

  prepare() {
    const url = `${appUrl}/reset-password/${this.token}`
    this.message
      .to(this.user.email, this.user.fullName)
      .htmlView('emails/password_reset_html', { user: this.user, url })
      .textView('emails/password_reset_text', { user: this.user, url })
  }
}
