import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import type { HttpContext } from '@adonisjs/core/http'
import type Organization from '#models/organization'
import type User from '#models/user'
import type { Role } from '#models/membership'
import Membership from '#models/membership'
import InvitationMail from '#mails/invitation_mail'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import { newSecretToken } from '#services/access/secret_token'

/**
 * An admin invites an email address to the organization with a role. The
 * mail carries a link valid for seven days; an earlier open invitation for
 * the same address is replaced.
 */
export default class InviteMember {
  static async handle(input: {
    organization: Organization
    email: string
    role: Role
    actor: User
    request?: HttpContext['request']
  }) {
    const email = input.email.trim().toLowerCase()
    const alreadyMember = await Membership.query()
      .where('organization_id', input.organization.id)
      .whereHas('user', (query) => query.whereRaw('lower(email) = ?', [email]))
      .first()
    if (alreadyMember) {
      throw new ActionError(`${email} is already a member of ${input.organization.name}.`, 'email')
    }

    await input.organization
      .related('invitations')
      .query()
      .where('email', email)
      .whereNull('accepted_at')
      .delete()

    const { token, hash } = newSecretToken()
    const invitation = await input.organization.related('invitations').create({
      email,
      role: input.role,
      tokenHash: hash,
      invitedById: input.actor.id,
      expiresAt: DateTime.now().plus({ days: 7 }),
    })
    await RecordAuthEvent.handle({
      event: 'invitation_sent',
      email,
      actor: input.actor,
      organizationId: input.organization.id,
      request: input.request,
      meta: { role: input.role },
    })

    try {
      await mail.send(new InvitationMail(invitation, input.organization, input.actor, token))
    } catch (error) {
      logger.error(
        { err: error, invitationId: invitation.id },
        'could not send the invitation mail'
      )
      throw new ActionError(
        'The invitation was saved, but the mail could not be sent. Try again later.'
      )
    }
    return invitation
  }
}
