import { BaseMail } from '@adonisjs/mail'
import type User from '#models/user'

/**
 * The link to choose a new password. It works once, for one hour.
 */
export default class PasswordResetMail extends BaseMail {
  subject = 'Reset your ATUM DESK password'

  constructor(
    private user: User,
    private url: string
  ) {
    super()
  }

  prepare() {
    const url = this.url
    this.message
      .to(this.user.email, this.user.fullName)
      .htmlView('emails/password_reset_html', { user: this.user, url })
      .textView('emails/password_reset_text', { user: this.user, url })
  }
}
