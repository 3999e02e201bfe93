import db from '@adonisjs/lucid/services/db'
import type Actor from '#actions/actor'
import type KbArticle from '../models/kb_article.js'

/**
 * A reader tells whether an article helped: one vote per visitor and
 * article (`voterKey`: "user:<id>" or "visitor:<cookie>"), kept as a row
 * and counted on the article. A second vote of the same visitor changes
 * nothing; returns whether this one counted.
 */
export default class VoteOnArticle {
  static async handle(
    _actor: Actor,
    { article, voterKey, helpful }: { article: KbArticle; voterKey: string; helpful: boolean }
  ) {
    return db.transaction(async (trx) => {
      const inserted = await trx.rawQuery(
        `INSERT INTO kb_article_votes (organization_id, article_id, voter_key, helpful, created_at)
         VALUES (?, ?, ?, ?, now())
         ON CONFLICT (article_id, voter_key) DO NOTHING
         RETURNING id`,
        [article.organizationId, article.id, voterKey, helpful]
      )
      if (inserted.rows.length === 0) return false
      await trx
        .from('kb_articles')
        .where('id', article.id)
        .where('organization_id', article.organizationId)
        .increment(helpful ? 'helpful_yes' : 'helpful_no', 1)
      return true
    })
  }
}
