/*
|--------------------------------------------------------------------------
| Bouncer abilities
|--------------------------------------------------------------------------
|
| Section-level permissions of the role table in docs/architecture.md. The
| "user" bouncer sees is the signed-in person's membership in the current
| organization (role and organization at hand); guests have none, and a
| member whose access was removed has none either. Record-level rules live
| in app/policies (the section policies there ask these for the role).
|
*/
import { Bouncer } from '@adonisjs/bouncer'
import type Membership from '#models/membership'

/** The staff desk: agents, managers and admins. */
export const accessDesk = Bouncer.ability(
  (membership: Membership) => membership.isActive && membership.isStaff
)

/** Users, roles, invitations, plugins, the audit trail: admins only. */
export const administerOrganization = Bouncer.ability(
  (membership: Membership) => membership.isActive && membership.hasAtLeast('admin')
)

/** SLA calendars, policies and compliance figures: managers and admins. */
export const manageSla = Bouncer.ability(
  (membership: Membership) => membership.isActive && membership.hasAtLeast('manager')
)
