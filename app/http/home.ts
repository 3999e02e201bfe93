import router from '@adonisjs/core/services/router'
import type Membership from '#models/membership'

/**
 * Where a signed-in person lands: staff in the desk, customers (and people
 * without an organization) in the portal.
 */
export function homeFor(membership: Membership | null) {
  return router.makeUrl(membership?.isStaff ? 'desk.dashboard' : 'portal.home')
}
