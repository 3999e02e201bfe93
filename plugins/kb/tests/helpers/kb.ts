import type { ApiResponse } from '@japa/api-client'
import type { Page } from 'playwright-core'
import type Membership from '#models/membership'
import { sidewaysOverflow } from '#tests/helpers/browser'
import { SYSTEM_ACTOR } from '#kit/audit'
import SaveArticle, { type ArticleInput } from '../../actions/save_article.js'
import KbArticle from '../../models/kb_article.js'

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

/** Asserts an answer's status (for answers awaited inline). */
export function statusIs(response: ApiResponse, status: number) {
  response.assertStatus(status)
}

/** How far a page scrolls sideways (0 or less: not at all). */
export async function overflowBy(page: Page) {
  const { by } = await sidewaysOverflow(page)
  return by
}

/** One field of an article as stored now. */
export async function articleField<Key extends keyof KbArticle>(id: number, key: Key) {
  const article = await KbArticle.findOrFail(id)
  return article[key]
}
