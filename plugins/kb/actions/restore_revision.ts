import db from '@adonisjs/lucid/services/db'
import ActionError from '#exceptions/action_error'
import { bouncerFor, guard } from '#kit/policies'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import KbArticle from '../models/kb_article.js'
import KbArticleRevision from '../models/kb_article_revision.js'
import KbCategory from '../models/kb_category.js'
import { articleText } from '../services/article_text.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'
import { audit, writeRevision } from './save_article.js'

/**
 * Brings back an earlier revision's content (title, body, tags,
 * visibility, category) as the article's newest revision: history is
 * never rewritten. The same rule as editing applies (agents: drafts).
 */
export default class RestoreRevision {
  static async handle(
    actor: Actor,
    { article, revision: revisionNumber }: { article: KbArticle; revision: number }
  ) {
    const membership = actor.membershipOrFail()
    const policy = bouncerFor(membership).with(KbArticlePolicy)
    await guard(policy.authorize('create'))
    return db.transaction(async (trx) => {
      const locked = await lockedRow(KbArticle, membership.organizationId, article.id, trx)
      // Checked on the locked row: it may have been published meanwhile.
      await guard(policy.authorize('edit', locked))
      const revision = await KbArticleRevision.query({ client: trx })
        .where('organization_id', membership.organizationId)
        .where('article_id', locked.id)
        .where('number', revisionNumber)
        .first()
      if (!revision)
        throw new ActionError('This revision does not exist.', 'revision', { status: 404 })
      if (revision.number === locked.revision) {
        throw new ActionError('This is already the current revision.', 'revision')
      }
      // A category deleted since then is not brought back.
      const category = revision.categoryId
        ? await KbCategory.query({ client: trx })
            .where('organization_id', membership.organizationId)
            .where('id', revision.categoryId)
            .first()
        : null
      const { body, bodyHtml, bodyText } = articleText(revision.body)
      locked.merge({
        title: revision.title,
        body,
        bodyHtml,
        bodyText,
        tags: revision.tags,
        visibility: revision.visibility,
        categoryId: category?.id ?? null,
        revision: locked.revision + 1,
        updatedById: membership.userId,
      })
      locked.useTransaction(trx)
      await locked.save()
      await writeRevision(locked, membership.userId, revision.number, trx)
      await audit(locked, 'kb_article.restored', actor, trx, {
        restored: revision.number,
        revision: locked.revision,
      })
      return locked
    })
  }
}
