import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import { MemberPolicy, NOT_YOUR_ROLE, refuse, sameOrganization } from '#kit/policies'
import type KbArticle from '../models/kb_article.js'

const PUBLISHERS_ONLY = 'Only managers and admins publish articles.'

/**
 * The knowledge base's articles at the desk: staff write drafts; managers
 * and admins publish, unpublish, delete, change published articles and
 * re-index. Articles are loaded through the current organization (another
 * organization's is a 404 first). What the help center shows to whom is
 * the query of services/audience.ts.
 */
export default class KbArticlePolicy extends MemberPolicy {
  /** A new article; `publish`: published at once. */
  create(actor: Membership, publish: boolean = false): AuthorizerResponse {
    if (!actor.isStaff) return refuse(NOT_YOUR_ROLE)
    if (publish && !actor.hasAtLeast('manager')) return refuse(PUBLISHERS_ONLY, 'status')
    return true
  }

  /** A new revision of an article (or a restored one); agents change drafts only. */
  edit(actor: Membership, article: KbArticle, publish: boolean = false): AuthorizerResponse {
    const writer = this.create(actor, publish)
    if (writer !== true) return writer
    if (!sameOrganization(actor, article)) return false
    if (actor.hasAtLeast('manager') || article.status === 'draft') return true
    return refuse('This article is published: only managers and admins change it.')
  }

  /** Publishing and taking back to draft (no article: whether the member publishes at all). */
  publish(actor: Membership, article?: KbArticle): AuthorizerResponse {
    if (!actor.isStaff) return refuse(NOT_YOUR_ROLE)
    if (article && !sameOrganization(actor, article)) return false
    return actor.hasAtLeast('manager') || refuse(PUBLISHERS_ONLY)
  }

  delete(actor: Membership, article: KbArticle): AuthorizerResponse {
    return this.publish(actor, article)
  }

  /** Applying a changed search language to every article. */
  reindex(actor: Membership): AuthorizerResponse {
    return (
      (actor.isStaff && actor.hasAtLeast('manager')) ||
      refuse('Only managers and admins re-index the knowledge base.')
    )
  }
}
