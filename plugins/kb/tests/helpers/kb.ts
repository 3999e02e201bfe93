import type Membership from '#models/membership'
import { SYSTEM_ACTOR } from '#services/audit/audit_trail'
import SaveArticle, { type ArticleInput } from '../../actions/save_article.js'

/** An article written through the real action, published unless told otherwise. */
export function createArticle(
  author: Membership,
  values: Partial<ArticleInput> & { title: string }
) {
  return SaveArticle.create(
    author,
    {
      body: `How to deal with ${values.title.toLowerCase()}.`,
      visibility: 'public',
      publish: true,
      ...values,
    },
    SYSTEM_ACTOR
  )
}
