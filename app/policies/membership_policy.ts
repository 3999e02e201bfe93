import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'

/**
 * Who may manage whom. The acting membership and the target are of the
 * same organization (targets are loaded through the current organization,
 * so another organization's member is a 404 before this runs).
 */
export default class MembershipPolicy extends BasePolicy {
  viewList(actor: Membership): AuthorizerResponse {
    return actor.hasAtLeast('admin')
  }

  invite(actor: Membership): AuthorizerResponse {
    return actor.hasAtLeast('admin')
  }

  /** Admins change others' roles (not their own: an organization keeps its admin) while they have access. */
  changeRole(actor: Membership, target: Membership): AuthorizerResponse {
    return (
      actor.hasAtLeast('admin') &&
      actor.organizationId === target.organizationId &&
      actor.id !== target.id &&
      target.isActive
    )
  }

  disable(actor: Membership, target: Membership): AuthorizerResponse {
    return this.changeRole(actor, target)
  }
}
