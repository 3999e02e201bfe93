import db from '@adonisjs/lucid/services/db'
import Membership, { type Role } from '#models/membership'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'
import { lockedRows } from '#actions/locked_rows'

/**
 * Changes a member's role. A customer account cannot become staff while it
 * is a customer elsewhere (it is not), and an organization never loses its
 * last active admin.
 */
export default class ChangeRole {
  static async handle(actor: Actor, { membership, role }: { membership: Membership; role: Role }) {
    if (membership.role === role) return membership
    const before = membership.role

    await db.transaction(async (trx) => {
      const locked = await lockedRows(Membership, membership.organizationId, trx)
        .where('role', 'admin')
        .whereNull('disabled_at')
      if (before === 'admin' && locked.length <= 1) {
        throw new ActionError('An organization needs at least one admin.', 'role')
      }
      if (role === 'customer') {
        const others = await Membership.query({ client: trx })
          .where('user_id', membership.userId)
          .whereNot('id', membership.id)
        if (others.length > 0) {
          throw new ActionError(
            'This person serves other organizations: a customer account belongs to one organization only.',
            'role'
          )
        }
      }
      membership.useTransaction(trx)
      membership.role = role
      await membership.save()
    })

    await RecordAuthEvent.handle(actor, {
      event: 'role_changed',
      user: await membership.related('user').query().firstOrFail(),
      organizationId: membership.organizationId,
      meta: { from: before, to: role },
    })
    return membership
  }
}
