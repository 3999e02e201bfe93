import db from '@adonisjs/lucid/services/db'
import type Actor from '#actions/actor'
import type KbArticle from '../models/kb_article.js'

/**
 * A signed-in member about to open a request found the answer in an
 * article instead ("This solved my problem"): kept as a row with the
 * subject they had typed, and counted on the article.
 */
export default class RecordDeflection {
  static async handle(actor: Actor, { article, subject }: { article: KbArticle; subject: string }) {
    const user = actor.userOrFail()
    await db.transaction(async (trx) => {
      await trx.table('kb_deflections').insert({
        organization_id: article.organizationId,
        article_id: article.id,
        user_id: user.id,
        subject: subject.slice(0, 200),
        created_at: new Date(),
      })
      await trx
        .from('kb_articles')
        .where('id', article.id)
        .where('organization_id', article.organizationId)
        .increment('deflection_count', 1)
    })
  }
}
