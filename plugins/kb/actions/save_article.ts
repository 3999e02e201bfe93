import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Membership from '#models/membership'
import ActionError from '#exceptions/action_error'
import { bouncerFor, guard } from '#kit/policies'
import { normalizeTags } from '#kit/tickets'
import { appendAuditEvent, type AuditActor } from '#kit/audit'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import KbArticle, { type ArticleVisibility } from '../models/kb_article.js'
import KbArticleRevision from '../models/kb_article_revision.js'
import KbCategory from '../models/kb_category.js'
import { articleText, slugify } from '../services/article_text.js'
import { kbSettingsFor } from '../services/kb_settings.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'

export interface ArticleInput {
  /** The organization's article to change; a new one without. */
  article?: KbArticle
  title: string
  body: string
  /** The address in the help center; derived from the title when empty. */
  slug?: string | null
  tags?: string[]
  visibility: ArticleVisibility
  categoryId?: number | null
  /** Publish on saving (managers and admins). */
  publish?: boolean
}

/**
 * Writes an article (new or existing) and its next revision, as
 * KbArticlePolicy allows (create, edit): staff write drafts; only managers
 * and admins publish or change a published article.
 * The Markdown is rendered and sanitized here, once.
 */
export default class SaveArticle {
  static async handle(actor: Actor, { article, ...input }: ArticleInput) {
    const membership = actor.membershipOrFail()
    return article
      ? SaveArticle.update(membership, article, input, actor)
      : SaveArticle.create(membership, input, actor)
  }

  private static async create(membership: Membership, input: ArticleInput, actor: Actor) {
    await guard(bouncerFor(membership).with(KbArticlePolicy).authorize('create', input.publish))
    const { language } = await kbSettingsFor(membership.organizationId)

    return db.transaction(async (trx) => {
      const categoryId = await checkedCategory(membership.organizationId, input.categoryId, trx)
      const slug = await availableSlug(membership.organizationId, input.slug, input.title, trx)
      const article = new KbArticle()
      article.fill({
        organizationId: membership.organizationId,
        ...contentOf(input),
        categoryId,
        slug,
        language,
        status: input.publish ? 'published' : 'draft',
        publishedAt: input.publish ? DateTime.now() : null,
        revision: 1,
        authorId: membership.userId,
        updatedById: membership.userId,
      })
      article.useTransaction(trx)
      await article.save()
      await writeRevision(article, membership.userId, null, trx)
      await audit(article, 'kb_article.created', actor, trx, {
        title: article.title,
        status: article.status,
        visibility: article.visibility,
      })
      return article
    })
  }

  private static async update(
    membership: Membership,
    article: KbArticle,
    input: ArticleInput,
    actor: Actor
  ) {
    const policy = bouncerFor(membership).with(KbArticlePolicy)
    await guard(policy.authorize('create', input.publish))
    const { language } = await kbSettingsFor(membership.organizationId)

    return db.transaction(async (trx) => {
      const locked = await lockedRow(KbArticle, membership.organizationId, article.id, trx)
      // Checked on the locked row: it may have been published meanwhile.
      await guard(policy.authorize('edit', locked, input.publish))
      const categoryId = await checkedCategory(membership.organizationId, input.categoryId, trx)
      const slug = input.slug
        ? await availableSlug(membership.organizationId, input.slug, input.title, trx, locked.id)
        : locked.slug
      const before = { title: locked.title, status: locked.status, visibility: locked.visibility }
      locked.merge({
        ...contentOf(input),
        categoryId,
        slug,
        language,
        revision: locked.revision + 1,
        updatedById: membership.userId,
      })
      if (input.publish && locked.status !== 'published') {
        locked.status = 'published'
        locked.publishedAt = DateTime.now()
      }
      locked.useTransaction(trx)
      await locked.save()
      await writeRevision(locked, membership.userId, null, trx)
      await audit(
        locked,
        'kb_article.updated',
        actor,
        trx,
        {
          title: locked.title,
          status: locked.status,
          visibility: locked.visibility,
          revision: locked.revision,
        },
        before
      )
      return locked
    })
  }
}

function contentOf(input: ArticleInput) {
  const { body, bodyHtml, bodyText } = articleText(input.body)
  return {
    title: input.title.trim(),
    body,
    bodyHtml,
    bodyText,
    tags: normalizeTags(input.tags ?? []),
    visibility: input.visibility,
  }
}

/** A category of the organization, or a refusal naming the field. */
export async function checkedCategory(
  organizationId: number,
  categoryId: number | null | undefined,
  trx: TransactionClientContract
) {
  if (!categoryId) return null
  const category = await KbCategory.query({ client: trx })
    .where('organization_id', organizationId)
    .where('id', categoryId)
    .first()
  if (!category) throw new ActionError('Choose one of the categories.', 'category_id')
  return category.id
}

/**
 * The slug asked for (taken: refused), or one derived from the title with
 * a number added until no other article of the organization has it.
 */
async function availableSlug(
  organizationId: number,
  wanted: string | null | undefined,
  title: string,
  trx: TransactionClientContract,
  exceptId?: number
) {
  const taken = async (slug: string) => {
    const query = KbArticle.query({ client: trx })
      .where('organization_id', organizationId)
      .where('slug', slug)
    if (exceptId) query.whereNot('id', exceptId)
    return Boolean(await query.first())
  }
  if (wanted) {
    const slug = slugify(wanted)
    if (await taken(slug)) {
      throw new ActionError('Another article already has this address.', 'slug')
    }
    return slug
  }
  const base = slugify(title)
  let slug = base
  for (let n = 2; await taken(slug); n++) slug = `${base}-${n}`
  return slug
}

export async function writeRevision(
  article: KbArticle,
  authorId: number | null,
  restoredFrom: number | null,
  trx: TransactionClientContract
) {
  await KbArticleRevision.create(
    {
      organizationId: article.organizationId,
      articleId: article.id,
      number: article.revision,
      categoryId: article.categoryId,
      title: article.title,
      body: article.body,
      tags: article.tags,
      visibility: article.visibility,
      restoredFrom,
      authorId,
    },
    { client: trx }
  )
}

export function audit(
  article: KbArticle,
  action: string,
  actor: AuditActor,
  trx: TransactionClientContract,
  after: Record<string, unknown>,
  before?: Record<string, unknown>
) {
  return appendAuditEvent(
    {
      organizationId: article.organizationId,
      action,
      subjectType: 'kb_article',
      subjectId: article.id,
      before: before ?? null,
      after,
    },
    actor,
    trx
  )
}
