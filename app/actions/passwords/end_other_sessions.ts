import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import type Actor from '#actions/actor'

/**
 * Ends every session of an account but the caller's: sessions remember
 * the session version they started with and end when it changes
 * (current_organization_middleware), and "remember me" tokens are deleted.
 * Saves the user (with any other pending change, e.g. a new password).
 */
export default class EndOtherSessions {
  static async handle(_actor: Actor, { user }: { user: User }, trx?: TransactionClientContract) {
    user.sessionVersion += 1
    await user.save()
    await (trx ?? db).from('remember_me_tokens').where('tokenable_id', user.id).delete()
    return user.sessionVersion
  }
}
