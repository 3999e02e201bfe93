import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { bouncerFor, guard } from '#kit/policies'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import KbArticle from '../models/kb_article.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'
import { audit } from './save_article.js'

/**
 * Publishes an article (it appears in the help center for its audience)
 * or takes it back to draft. Managers and admins only.
 */
export default class PublishArticle {
  static async handle(
    actor: Actor,
    { article, publish }: { article: KbArticle; publish: boolean }
  ) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(KbArticlePolicy).authorize('publish', article))
    return db.transaction(async (trx) => {
      const locked = await lockedRow(KbArticle, membership.organizationId, article.id, trx)
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
