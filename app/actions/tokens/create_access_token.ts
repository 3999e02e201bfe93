import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import type Organization from '#models/organization'
import Membership from '#models/membership'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'

/**
 * Creates an API access token of a member for one organization (a person
 * for themselves on their profile, an operator through ace). The plain
 * token is returned once and never stored (only its hash is). A token left
 * without organization (if the second write failed) is refused by the API.
 */
export default class CreateAccessToken {
  static async handle(
    actor: Actor,
    input: { user: User; organization: Organization; name: string }
  ) {
    const membership = await Membership.query()
      .where('user_id', input.user.id)
      .where('organization_id', input.organization.id)
      .whereNull('disabled_at')
      .first()
    if (!membership || input.user.isDisabled) {
      throw new ActionError(
        `${input.user.email} is not an active member of ${input.organization.name}.`
      )
    }

    const token = await User.accessTokens.create(input.user, ['*'], { name: input.name })
    const id = Number(token.identifier)
    await db
      .from('auth_access_tokens')
      .where('id', id)
      .update({ organization_id: input.organization.id })

    await RecordAuthEvent.handle(actor, {
      event: 'token_created',
      user: input.user,
      organizationId: input.organization.id,
      meta: { name: input.name, tokenId: id },
    })
    return { id, name: input.name, value: token.value!.release() }
  }
}
