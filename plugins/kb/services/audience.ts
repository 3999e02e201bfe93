import Membership from '#models/membership'
import type User from '#models/user'
import type { ArticleVisibility } from '../models/kb_article.js'

/**
 * Who reads an organization's knowledge base: its staff, its customers,
 * or anyone else (signed out, or a member of another organization).
 */
export type Audience = 'staff' | 'customer' | 'public'

/** The visibilities a published article may have for an audience to read it. */
export function visibilitiesFor(audience: Audience): ArticleVisibility[] {
  if (audience === 'staff') return ['public', 'customers', 'internal']
  if (audience === 'customer') return ['public', 'customers']
  return ['public']
}

/**
 * The audience of a visitor for an organization's help center: their own
 * active membership of that organization decides, whichever organization
 * they are working in at the moment.
 */
export async function audienceOf(
  user: User | null | undefined,
  organizationId: number,
  current?: Membership | null
): Promise<Audience> {
  if (!user) return 'public'
  const membership =
    current && current.organizationId === organizationId && current.userId === user.id
      ? current
      : await Membership.query()
          .where('organization_id', organizationId)
          .where('user_id', user.id)
          .whereNull('disabled_at')
          .first()
  if (!membership || membership.disabledAt) return 'public'
  return membership.isStaff ? 'staff' : 'customer'
}
