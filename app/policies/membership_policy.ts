import type Membership from '#models/membership'
import { administerOrganization } from '#abilities/main'
import { MemberPolicy, sameOrganization } from '#policies/kit'

/**
 * Who may manage whom (admins: the administerOrganization section). The
 * acting membership and the target are of the same organization (targets
 * are loaded through the current organization, so another organization's
 * member is a 404 before this runs).
 */
export default class MembershipPolicy extends MemberPolicy {
  viewList(actor: Membership) {
    return administerOrganization.execute(actor)
  }

  invite(actor: Membership) {
    return administerOrganization.execute(actor)
  }

  /** Admins change others' roles (not their own: an organization keeps its admin) while they have access. */
  changeRole(actor: Membership, target: Membership) {
    return (
      sameOrganization(actor, target) &&
      actor.id !== target.id &&
      target.isActive &&
      administerOrganization.execute(actor)
    )
  }

  disable(actor: Membership, target: Membership) {
    return this.changeRole(actor, target)
  }
}
