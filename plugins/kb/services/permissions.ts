import type Membership from '#models/membership'
import ActionError from '#exceptions/action_error'
import type KbArticle from '../models/kb_article.js'

/**
 * The knowledge base's part of the role table: staff write drafts;
 * managers and admins publish, unpublish, delete, change published
 * articles and manage categories.
 */
export const kbPermissions = {
  write: (membership: Membership) => membership.isStaff,
  publish: (membership: Membership) => membership.hasAtLeast('manager'),
  manageCategories: (membership: Membership) => membership.hasAtLeast('manager'),
  edit: (membership: Membership, article: KbArticle) =>
    membership.hasAtLeast('manager') || (membership.isStaff && article.status === 'draft'),
}

export function ensureStaff(membership: Membership) {
  if (!kbPermissions.write(membership)) {
    throw new ActionError('Your role does not allow this.', undefined, { status: 403 })
  }
}

export function ensurePublisher(membership: Membership, field?: string) {
  ensureStaff(membership)
  if (!kbPermissions.publish(membership)) {
    throw new ActionError('Only managers and admins publish articles.', field, { status: 403 })
  }
}

export function ensureEditable(membership: Membership, article: KbArticle) {
  ensureStaff(membership)
  if (!kbPermissions.edit(membership, article)) {
    throw new ActionError(
      'This article is published: only managers and admins change it.',
      undefined,
      { status: 403 }
    )
  }
}
