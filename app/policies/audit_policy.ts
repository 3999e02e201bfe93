import type Membership from '#models/membership'
import { administerOrganization } from '#abilities/main'
import { MemberPolicy } from '#policies/kit'

/** Admin → Audit trail: the administerOrganization section (admins), read through the current organization. */
export default class AuditPolicy extends MemberPolicy {
  view(actor: Membership) {
    return administerOrganization.execute(actor)
  }

  verify(actor: Membership) {
    return administerOrganization.execute(actor)
  }
}
