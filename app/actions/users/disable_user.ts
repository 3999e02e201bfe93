import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'

/**
 * Disables an account everywhere (platform operators, through ace). Its
 * sessions end at their next request, its "remember me" and API tokens are
 * deleted.
 */
export default class DisableUser {
  static async handle(actor: Actor, { user }: { user: User }) {
    if (user.disabledAt) return user
    user.disabledAt = DateTime.now()
    user.sessionVersion += 1
    await user.save()
    await db.from('remember_me_tokens').where('tokenable_id', user.id).delete()
    await db.from('auth_access_tokens').where('tokenable_id', user.id).delete()
    await RecordAuthEvent.handle(actor, { event: 'user_disabled', user })
    return user
  }
}
