import db from '@adonisjs/lucid/services/db'
import type Actor from '#actions/actor'
import type KbArticle from '../models/kb_article.js'

/**
 * A reader opened an article (anyone the help center shows it to). The
 * count lives on the article, so lists show it without counting rows.
 */
export default class RecordArticleView {
  static async handle(_actor: Actor, { article }: { article: KbArticle }) {
    await db
      .from('kb_articles')
      .where('id', article.id)
      .where('organization_id', article.organizationId)
      .increment('view_count', 1)
  }
}
