import { DateTime } from 'luxon'
import Membership from '#models/membership'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'

/**
 * Ends a member's access to one organization (their account and other
 * memberships stay). The last active admin cannot be disabled.
 */
export default class DisableMembership {
  static async handle(actor: Actor, { membership }: { membership: Membership }) {
    if (membership.disabledAt) return membership
    if (membership.role === 'admin') {
      const admins = await Membership.query()
        .where('organization_id', membership.organizationId)
        .where('role', 'admin')
        .whereNull('disabled_at')
        .count('* as total')
      if (Number(admins[0].$extras.total) <= 1) {
        throw new ActionError('An organization needs at least one admin.')
      }
    }
    membership.disabledAt = DateTime.now()
    await membership.save()
    await RecordAuthEvent.handle(actor, {
      event: 'member_disabled',
      user: await membership.related('user').query().firstOrFail(),
      organizationId: membership.organizationId,
    })
    return membership
  }
}
