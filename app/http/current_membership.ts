import type User from '#models/user'
import Membership from '#models/membership'

/**
 * The membership a signed-in person works in: the one chosen earlier (kept
 * in the session) while it is still active, otherwise their first active
 * one (staff memberships before a customer one, then oldest first).
 */
export async function currentMembershipOf(user: User, chosenOrganizationId: unknown) {
  return chooseMembership(await activeMembershipsOf(user), chosenOrganizationId)
}

export function chooseMembership(memberships: Membership[], chosenOrganizationId: unknown) {
  return (
    memberships.find((membership) => membership.organizationId === chosenOrganizationId) ??
    memberships[0] ??
    null
  )
}

export function activeMembershipsOf(user: User) {
  return Membership.query()
    .where('user_id', user.id)
    .whereNull('disabled_at')
    .preload('organization')
    .orderByRaw(`CASE WHEN role = 'customer' THEN 1 ELSE 0 END`)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
}
