import db from '@adonisjs/lucid/services/db'
import type KbArticle from '../models/kb_article.js'

/**
 * What readers tell about articles: views, helpfulness votes (one per
 * visitor and article) and deflections (a customer about to open a
 * request found the answer). Counters live on the article, so lists show
 * them without counting rows; votes and deflections are also kept as rows.
 */
export default class RecordFeedback {
  static async view(article: KbArticle) {
    await db
      .from('kb_articles')
      .where('id', article.id)
      .where('organization_id', article.organizationId)
      .increment('view_count', 1)
  }

  /**
   * A visitor's vote: "user:<id>" or "visitor:<cookie>". A second vote of
   * the same visitor changes nothing; returns whether this one counted.
   */
  static async vote(article: KbArticle, voterKey: string, helpful: boolean) {
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

  static async deflection(article: KbArticle, userId: number, subject: string) {
    await db.transaction(async (trx) => {
      await trx.table('kb_deflections').insert({
        organization_id: article.organizationId,
        article_id: article.id,
        user_id: userId,
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
