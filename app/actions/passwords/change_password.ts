import hash from '@adonisjs/core/services/hash'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import EndOtherSessions from '#actions/passwords/end_other_sessions'
import type Actor from '#actions/actor'

/**
 * A signed-in person changes their password; their other sessions end.
 * Returns the new session version for the caller's own session.
 */
export default class ChangePassword {
  static async handle(actor: Actor, input: { currentPassword: string; password: string }) {
    const user = actor.userOrFail()
    if (!user.password || !(await hash.verify(user.password, input.currentPassword))) {
      throw new ActionError('The current password is not correct.', 'current_password')
    }
    user.password = input.password
    const version = await EndOtherSessions.handle(actor, { user })
    await RecordAuthEvent.handle(actor, { event: 'password_changed', user })
    return version
  }
}
