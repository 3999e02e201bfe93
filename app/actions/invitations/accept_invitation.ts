import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import Invitation from '#models/invitation'
import User from '#models/user'
import ActionError from '#exceptions/action_error'
import CreateUser from '#actions/users/create_user'
import AddMembership from '#actions/memberships/add_membership'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'
import { hashSecretToken } from '#domain/secret_token'

/**
 * Accepts an invitation. A new person chooses their name and password; a
 * person who already has an account confirms with their password. The
 * invitation is used up in the same transaction (row locked).
 */
export default class AcceptInvitation {
  static async findUsable(token: string) {
    const invitation = await Invitation.query()
      .where('token_hash', hashSecretToken(token))
      .preload('organization')
      .first()
    return invitation?.isUsable ? invitation : null
  }

  /** The actor is the visitor who followed the mailed link. */
  static async handle(
    actor: Actor,
    input: { token: string; fullName?: string | null; password: string }
  ) {
    const { user, invitation } = await db.transaction(async (trx) => {
      const row = await Invitation.query({ client: trx })
        .where('token_hash', hashSecretToken(input.token))
        .forUpdate()
        .first()
      if (!row?.isUsable) {
        throw new ActionError('This invitation has expired or was already used.')
      }
      await row.load('organization')

      let account = await User.findByEmail(row.email)
      if (account) {
        if (!account.password || !(await hash.verify(account.password, input.password))) {
          throw new ActionError('The password is not correct for this account.', 'password')
        }
        await AddMembership.handle(
          actor,
          { user: account, organization: row.organization, role: row.role },
          trx
        )
      } else {
        if (!input.fullName) throw new ActionError('Please tell us your name.', 'full_name')
        if (input.password.length < 10) {
          throw new ActionError('The password must have at least 10 characters.', 'password')
        }
        account = await CreateUser.handle(
          actor,
          {
            email: row.email,
            fullName: input.fullName,
            password: input.password,
            organization: row.organization,
            role: row.role,
          },
          trx
        )
      }

      row.useTransaction(trx)
      row.acceptedAt = DateTime.now()
      await row.save()
      return { user: account, invitation: row }
    })

    await RecordAuthEvent.handle(actor, {
      event: 'invitation_accepted',
      user,
      organizationId: invitation.organizationId,
      meta: { role: invitation.role },
    })
    return { user, invitation }
  }
}
