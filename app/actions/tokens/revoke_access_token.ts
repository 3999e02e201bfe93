import User from '#models/user'
import RecordAuthEvent from '#actions/auth/record_auth_event'

/**
 * Deletes one of the user's own access tokens. Another person's token id
 * finds nothing (404).
 */
export default class RevokeAccessToken {
  static async handle(user: User, tokenId: number) {
    const deleted = await User.accessTokens.delete(user, tokenId)
    if (deleted) {
      await RecordAuthEvent.handle({ event: 'token_revoked', user, meta: { tokenId } })
    }
    return deleted > 0
  }
}
