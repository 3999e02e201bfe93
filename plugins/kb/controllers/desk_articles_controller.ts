import type { HttpContext } from '@adonisjs/core/http'
import type Membership from '#models/membership'
import { auditActorFrom } from '#kit/audit'
import KbArticle, { ARTICLE_VISIBILITIES, VISIBILITY_LABELS } from '../models/kb_article.js'
import KbArticleRevision from '../models/kb_article_revision.js'
import KbCategory from '../models/kb_category.js'
import SaveArticle from '../actions/save_article.js'
import PublishArticle from '../actions/publish_article.js'
import RestoreRevision from '../actions/restore_revision.js'
import DeleteArticle from '../actions/delete_article.js'
import ReindexArticles from '../actions/reindex_articles.js'
import { searchArticles } from '../services/search.js'
import { kbSettingsFor } from '../services/kb_settings.js'
import { visibilitiesFor } from '../services/audience.js'
import KbArticlePolicy from '../policies/kb_article_policy.js'
import {
  articleFiltersValidator,
  articleFormInput,
  articleValidator,
  restoreValidator,
} from '../validators.js'

const PER_PAGE = 25

/**
 * The desk's knowledge base: the articles (drafts and published, with
 * their views, votes and deflections), writing and publishing them, and
 * their revisions. Articles are always loaded through the current
 * organization: another organization's id is a 404.
 */
export default class DeskArticlesController {
  async index(ctx: HttpContext) {
    const { request, view } = ctx
    const membership = ctx.membership!
    const [invalid, filters] = await articleFiltersValidator.tryValidate(
      Object.fromEntries(
        Object.entries(request.qs()).filter(([, value]) => typeof value === 'string' && value)
      )
    )
    const { status, q, page = 1 } = invalid ? ({} as Record<string, never>) : filters
    const settings = await kbSettingsFor(membership.organizationId)

    let articles: Array<{
      id: number
      title: string
      status: string
      visibility: string
      viewCount?: number
      helpfulYes?: number
      helpfulNo?: number
      deflectionCount?: number
      updatedAt?: KbArticle['updatedAt']
      snippet?: Array<{ text: string; highlighted: boolean }>
    }>
    let pager: { page: number; lastPage: number; total: number }
    if (q) {
      const found = await searchArticles({
        organizationId: membership.organizationId,
        q,
        language: settings.language,
        visibilities: visibilitiesFor('staff'),
        statuses: status ? [status] : ['draft', 'published'],
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
        count: true,
        snippets: true,
      })
      const rows = await KbArticle.query()
        .where('organization_id', membership.organizationId)
        .whereIn(
          'id',
          found.hits.map((hit) => hit.id)
        )
        .select('id', 'view_count', 'helpful_yes', 'helpful_no', 'deflection_count', 'updated_at')
      const byId = new Map(rows.map((row) => [row.id, row]))
      articles = found.hits.map((hit) => ({ ...hit, ...statsOf(byId.get(hit.id)) }))
      pager = { page, lastPage: Math.max(1, Math.ceil(found.total / PER_PAGE)), total: found.total }
    } else {
      const query = KbArticle.query()
        .where('organization_id', membership.organizationId)
        .if(status, (builder) => builder.where('status', status!))
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .select(
          'id',
          'title',
          'status',
          'visibility',
          'view_count',
          'helpful_yes',
          'helpful_no',
          'deflection_count',
          'updated_at'
        )
      const result = await query.paginate(page, PER_PAGE)
      articles = result.all().map((article) => ({
        id: article.id,
        title: article.title,
        status: article.status,
        visibility: article.visibility,
        ...statsOf(article),
      }))
      pager = { page, lastPage: result.lastPage, total: result.total }
    }

    return view.render('kb::desk/articles/index', {
      articles,
      pager,
      filters: { status, q },
      invalidFilters: Boolean(invalid),
      outdated: await ReindexArticles.outdated(membership.organizationId),
      settings,
      canPublish: await ctx.bouncer.with(KbArticlePolicy).allows('publish'),
    })
  }

  async create({ view, membership, bouncer }: HttpContext) {
    await bouncer.with(KbArticlePolicy).authorize('create')
    return view.render('kb::desk/articles/form', {
      article: null,
      ...(await formState(membership!, bouncer)),
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const input = await articleValidator.validate(articleFormInput(request.all()))
    await ctx.bouncer.with(KbArticlePolicy).authorize('create', input.intent === 'publish')
    const article = await SaveArticle.create(
      ctx.membership!,
      toArticleInput(input),
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash(
      'success',
      article.isPublished ? 'Article published.' : 'Draft saved. A manager can publish it.'
    )
    return response.redirect().toRoute('kb.desk.articles.edit', { id: article.id })
  }

  async edit(ctx: HttpContext) {
    const membership = ctx.membership!
    const article = await findArticle(membership, ctx.params.id)
    const revisions = await KbArticleRevision.query()
      .where('organization_id', membership.organizationId)
      .where('article_id', article.id)
      .orderBy('number', 'desc')
      .limit(50)
      .preload('author')
    return ctx.view.render('kb::desk/articles/form', {
      article,
      revisions,
      canEdit: await ctx.bouncer.with(KbArticlePolicy).allows('edit', article),
      ...(await formState(membership, ctx.bouncer)),
    })
  }

  async update(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const membership = ctx.membership!
    const article = await findArticle(membership, ctx.params.id)
    const input = await articleValidator.validate(articleFormInput(request.all()))
    await ctx.bouncer.with(KbArticlePolicy).authorize('edit', article, input.intent === 'publish')
    const saved = await SaveArticle.update(
      article,
      membership,
      toArticleInput(input),
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash('success', `Saved as revision ${saved.revision}.`)
    return response.redirect().toRoute('kb.desk.articles.edit', { id: saved.id })
  }

  async publish(ctx: HttpContext) {
    return this.#setPublished(ctx, true)
  }

  async unpublish(ctx: HttpContext) {
    return this.#setPublished(ctx, false)
  }

  async restore(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const membership = ctx.membership!
    const article = await findArticle(membership, ctx.params.id)
    const { revision } = await request.validateUsing(restoreValidator)
    await ctx.bouncer.with(KbArticlePolicy).authorize('edit', article)
    const saved = await RestoreRevision.handle(
      article,
      revision,
      membership,
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash('success', `Revision ${revision} restored as revision ${saved.revision}.`)
    return response.redirect().toRoute('kb.desk.articles.edit', { id: saved.id })
  }

  async destroy(ctx: HttpContext) {
    const { response, session, auth } = ctx
    const membership = ctx.membership!
    const article = await findArticle(membership, ctx.params.id)
    await ctx.bouncer.with(KbArticlePolicy).authorize('delete', article)
    await DeleteArticle.handle(article, membership, auditActorFrom(ctx, auth.use('web').user!))
    session.flash('success', `"${article.title}" was deleted.`)
    return response.redirect().toRoute('kb.desk.index')
  }

  /** Applies a changed search language to every article of the organization. */
  async reindex(ctx: HttpContext) {
    const { response, session } = ctx
    const membership = ctx.membership!
    await ctx.bouncer.with(KbArticlePolicy).authorize('reindex')
    const changed = await ReindexArticles.handle(membership.organizationId)
    session.flash('success', `${changed} article${changed === 1 ? '' : 's'} re-indexed.`)
    return response.redirect().toRoute('kb.desk.index')
  }

  async #setPublished(ctx: HttpContext, publish: boolean) {
    const { response, session, auth } = ctx
    const membership = ctx.membership!
    const article = await findArticle(membership, ctx.params.id)
    await ctx.bouncer.with(KbArticlePolicy).authorize('publish', article)
    await PublishArticle.handle(
      article,
      publish,
      membership,
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash('success', publish ? 'Article published.' : 'Article is a draft again.')
    return response.redirect().toRoute('kb.desk.articles.edit', { id: article.id })
  }
}

/** An article of the member's organization, or a 404. */
export function findArticle(membership: Membership, id: string | number) {
  return KbArticle.query()
    .where('organization_id', membership.organizationId)
    .where('id', Number(id))
    .firstOrFail()
}

function statsOf(article: KbArticle | undefined) {
  return {
    viewCount: article?.viewCount ?? 0,
    helpfulYes: article?.helpfulYes ?? 0,
    helpfulNo: article?.helpfulNo ?? 0,
    deflectionCount: article?.deflectionCount ?? 0,
    updatedAt: article?.updatedAt,
  }
}

async function formState(membership: Membership, bouncer: HttpContext['bouncer']) {
  const categories = await KbCategory.query()
    .where('organization_id', membership.organizationId)
    .orderByRaw('coalesce(parent_id, id), parent_id NULLS FIRST, position, name')
    .limit(500)
  return {
    categories,
    visibilities: ARTICLE_VISIBILITIES.map((value) => ({ value, label: VISIBILITY_LABELS[value] })),
    canPublish: await bouncer.with(KbArticlePolicy).allows('publish'),
  }
}

function toArticleInput(input: Awaited<ReturnType<typeof articleValidator.validate>>) {
  return {
    title: input.title,
    body: input.body,
    slug: input.slug ?? null,
    tags: input.tags ?? [],
    visibility: input.visibility,
    categoryId: input.category_id ?? null,
    publish: input.intent === 'publish',
  }
}
