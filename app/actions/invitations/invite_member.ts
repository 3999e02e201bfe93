import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import type { Role } from '#models/membership'
import Membership from '#models/membership'
import InvitationMail from '#mails/invitation_mail'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'
import { newSecretToken } from '#domain/secret_token'

/**
 * An admin invites an email address to their organization with a role. The
 * mail carries a link valid for seven days; an earlier open invitation for
 * the same address is replaced.
 */
export default class InviteMember {
  static async handle(actor: Actor, input: { email: string; role: Role }) {
    const organization = actor.organizationOrFail()
    const inviter = actor.userOrFail()
    const email = input.email.trim().toLowerCase()
    const alreadyMember = await Membership.query()
      .where('organization_id', organization.id)
      .whereHas('user', (query) => query.whereRaw('lower(email) = ?', [email]))
      .first()
    if (alreadyMember) {
      throw new ActionError(`${email} is already a member of ${organization.name}.`, 'email')
    }

    await organization
      .related('invitations')
      .query()
      .where('email', email)
      .whereNull('accepted_at')
      .delete()

    const { token, hash } = newSecretToken()
    const invitation = await organization.related('invitations').create({
      email,
      role: input.role,
      tokenHash: hash,
      invitedById: inviter.id,
      expiresAt: DateTime.now().plus({ days: 7 }),
    })
    await RecordAuthEvent.handle(actor, {
      event: 'invitation_sent',
      email,
      organizationId: organization.id,
      meta: { role: input.role },
    })

    try {
      await mail.send(new InvitationMail(invitation, organization, inviter, token))
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
