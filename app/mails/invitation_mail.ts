import { BaseMail } from '@adonisjs/mail'
import type Invitation from '#models/invitation'
import type Organization from '#models/organization'
import type User from '#models/user'
import { appUrl } from '#config/app'

/**
 * An invitation to join an organization's desk or portal.
 */
export default class InvitationMail extends BaseMail {
  constructor(
    private invitation: Invitation,
    private organization: Organization,
    private inviter: User | null,
    private token: string
  ) {
    super()
    this.subject = `You are invited to ${organization.name} on ATUM DESK`
  }

  prepare() {
    const data = {
      organization: this.organization,
      inviter: this.inviter,
      role: this.invitation.role,
      url: `${appUrl}/invitations/${this.token}`,
    }
    this.message
      .to(this.invitation.email)
      .htmlView('emails/invitation_html', data)
      .textView('emails/invitation_text', data)
  }
}
