import hash from '@adonisjs/core/services/hash'
import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import EndOtherSessions from '#actions/passwords/end_other_sessions'

/**
 * A signed-in person changes their password; their other sessions end.
 * Returns the new session version for the caller's own session.
 */
export default class ChangePassword {
  static async handle(
    user: User,
    input: { currentPassword: string; password: string },
    request?: HttpContext['request']
  ) {
    if (!user.password || !(await hash.verify(user.password, input.currentPassword))) {
      throw new ActionError('The current password is not correct.', 'current_password')
    }
    user.password = input.password
    const version = await EndOtherSessions.handle(user)
    await RecordAuthEvent.handle({ event: 'password_changed', user, request })
    return version
  }
}
