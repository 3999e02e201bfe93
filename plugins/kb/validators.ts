import vine from '@vinejs/vine'
import { splitTags } from '#kit/tickets'
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from './models/kb_article.js'

/** Writing an article (desk form). */
export const articleValidator = vine.compile(
  vine.object({
    title: vine.string().trim().minLength(3).maxLength(200),
    body: vine.string().trim().minLength(1).maxLength(100_000),
    slug: vine
      .string()
      .trim()
      .maxLength(100)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
      .optional(),
    tags: vine.array(vine.string().trim().maxLength(40)).maxLength(20).optional(),
    visibility: vine.enum(ARTICLE_VISIBILITIES),
    category_id: vine.number().positive().withoutDecimals().optional(),
    intent: vine.enum(['draft', 'publish']).optional(),
  })
)

/** The article form's body as the validator expects it: tags as a list, empty fields left out. */
export function articleFormInput(body: Record<string, unknown>) {
  return {
    title: body.title,
    body: body.body,
    slug: body.slug || undefined,
    tags: splitTags(body.tags),
    visibility: body.visibility,
    category_id: body.category_id || undefined,
    intent: body.intent || undefined,
  }
}

export const categoryValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(2).maxLength(80),
    description: vine.string().trim().maxLength(300).optional(),
    parent_id: vine.number().positive().withoutDecimals().optional(),
    position: vine.number().min(0).max(1000).withoutDecimals().optional(),
  })
)

export function categoryFormInput(body: Record<string, unknown>) {
  return {
    name: body.name,
    description: body.description || undefined,
    parent_id: body.parent_id || undefined,
    position:
      body.position === undefined || body.position === null || body.position === ''
        ? undefined
        : body.position,
  }
}

/** The desk's article list filters (query string: dropped when they do not fit). */
export const articleFiltersValidator = vine.compile(
  vine.object({
    status: vine.enum(ARTICLE_STATUSES).optional(),
    q: vine.string().trim().maxLength(200).optional(),
    page: vine.number().positive().withoutDecimals().max(10_000).optional(),
  })
)

export const voteValidator = vine.compile(vine.object({ helpful: vine.enum(['yes', 'no']) }))

export const restoreValidator = vine.compile(
  vine.object({ revision: vine.number().positive().withoutDecimals() })
)
