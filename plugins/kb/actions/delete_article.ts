import db from '@adonisjs/lucid/services/db'
import type Membership from '#models/membership'
import type { AuditActor } from '#kit/audit'
import KbArticle from '../models/kb_article.js'
import { ensurePublisher } from '../services/permissions.js'
import { audit } from './save_article.js'

/** Deletes an article with its revisions, votes and deflections. Managers and admins. */
export default class DeleteArticle {
  static async handle(article: KbArticle, membership: Membership, actor: AuditActor) {
    ensurePublisher(membership)
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
