import db from '@adonisjs/lucid/services/db'
import type Membership from '#models/membership'
import { bouncerFor, guard } from '#kit/policies'
import type { AuditActor } from '#kit/audit'
import KbArticle from '../models/kb_article.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'
import { audit } from './save_article.js'

/** Deletes an article with its revisions, votes and deflections. Managers and admins. */
export default class DeleteArticle {
  static async handle(article: KbArticle, membership: Membership, actor: AuditActor) {
    await guard(bouncerFor(membership).with(KbArticlePolicy).authorize('delete', article))
    await db.transaction(async (trx) => {
      const locked = await KbArticle.query({ client: trx })
        .where('id', article.id)
        .where('organization_id', membership.organizationId)
        .forUpdate()
        .firstOrFail()
      await audit(locked, 'kb_article.deleted', actor, trx, {}, { title: locked.title })
      locked.useTransaction(trx)
      await locked.delete()
    })
  }
}
