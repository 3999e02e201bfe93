import { MANAGERS, ORGANIZATION, STAFF, type Expectations } from '#tests/helpers/role_matrix'
import KbArticle from '../models/kb_article.js'
import KbCategory from '../models/kb_category.js'

/** The knowledge base's part of the role matrix (tests/unit/policies/role_matrix.spec.ts). */
const draft = Object.assign(new KbArticle(), {
  id: 1,
  organizationId: ORGANIZATION,
  status: 'draft',
}) as KbArticle
const published = Object.assign(new KbArticle(), {
  id: 2,
  organizationId: ORGANIZATION,
  status: 'published',
}) as KbArticle
const category = Object.assign(new KbCategory(), { id: 1, organizationId: ORGANIZATION })

export const expectations: Expectations = {
  'KbArticlePolicy.create': [
    { case: 'a draft', allowed: STAFF },
    { case: 'an article published at once', args: () => [true], allowed: MANAGERS },
  ],
  'KbArticlePolicy.edit': [
    { case: 'a draft', args: () => [draft], allowed: STAFF },
    { case: 'a draft, publishing it', args: () => [draft, true], allowed: MANAGERS },
    { case: 'a published article', args: () => [published], allowed: MANAGERS },
  ],
  'KbArticlePolicy.publish': [
    { case: 'articles at all', allowed: MANAGERS },
    { case: 'a draft (or back to draft)', args: () => [draft], allowed: MANAGERS },
  ],
  'KbArticlePolicy.delete': [{ case: 'an article', args: () => [draft], allowed: MANAGERS }],
  'KbArticlePolicy.reindex': [{ case: 'the knowledge base', allowed: MANAGERS }],
  'KbCategoryPolicy.manage': [
    { case: 'a new category', allowed: MANAGERS },
    { case: 'a category', args: () => [category], allowed: MANAGERS },
  ],
}
