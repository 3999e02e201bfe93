import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import { MemberPolicy, refuse, sameOrganization } from '#kit/policies'
import type KbCategory from '../models/kb_category.js'

/** The knowledge base's categories: managers and admins add, change and delete them. */
export default class KbCategoryPolicy extends MemberPolicy {
  /** No category: a new one (or whether the member manages categories at all). */
  manage(actor: Membership, category?: KbCategory): AuthorizerResponse {
    if (category && !sameOrganization(actor, category)) return false
    return actor.hasAtLeast('manager') || refuse('Only managers and admins manage categories.')
  }
}
