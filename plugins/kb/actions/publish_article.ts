import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Membership from '#models/membership'
import { bouncerFor, guard } from '#kit/policies'
import type { AuditActor } from '#kit/audit'
import KbArticle from '../models/kb_article.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'
import { audit } from './save_article.js'

/**
 * Publishes an article (it appears in the help center for its audience)
 * or takes it back to draft. Managers and admins only.
 */
export default class PublishArticle {
  static async handle(
    article: KbArticle,
    publish: boolean,
    membership: Membership,
    actor: AuditActor
  ) {
    await guard(bouncerFor(membership).with(KbArticlePolicy).authorize('publish', article))
    return db.transaction(async (trx) => {
      const locked = await KbArticle.query({ client: trx })
        .where('id', article.id)
        .where('organization_id', membership.organizationId)
        .forUpdate()
        .firstOrFail()
      const status = publish ? 'published' : 'draft'
      if (locked.status === status) return locked
      const before = { status: locked.status }
      locked.status = status
      if (publish) locked.publishedAt = DateTime.now()
      locked.updatedById = membership.userId
      locked.useTransaction(trx)
      await locked.save()
      await audit(
        locked,
        publish ? 'kb_article.published' : 'kb_article.unpublished',
        actor,
        trx,
        { status },
        before
      )
      return locked
    })
  }
}
