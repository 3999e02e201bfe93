import User from '#models/user'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'

/**
 * Deletes one of the user's own access tokens. Another person's token id
 * finds nothing (404).
 */
export default class RevokeAccessToken {
  static async handle(actor: Actor, { tokenId }: { tokenId: number }) {
    const user = actor.userOrFail()
    const deleted = await User.accessTokens.delete(user, tokenId)
    if (deleted) {
      await RecordAuthEvent.handle(actor, { event: 'token_revoked', user, meta: { tokenId } })
    }
    return deleted > 0
  }
}
