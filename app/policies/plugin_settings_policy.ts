import type Membership from '#models/membership'
import { administerOrganization } from '#abilities/main'
import { MemberPolicy } from '#policies/kit'

/** Admin → Plugins: the administerOrganization section (admins), for the current organization. */
export default class PluginSettingsPolicy extends MemberPolicy {
  view(actor: Membership) {
    return administerOrganization.execute(actor)
  }

  toggle(actor: Membership) {
    return administerOrganization.execute(actor)
  }

  update(actor: Membership) {
    return administerOrganization.execute(actor)
  }
}
