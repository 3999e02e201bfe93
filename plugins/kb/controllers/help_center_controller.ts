import { randomUUID } from 'node:crypto'
import router from '@adonisjs/core/services/router'
import { errors, type HttpContext } from '@adonisjs/core/http'
import Organization from '#models/organization'
import plugins from '#kit/plugins'
import { isHtmx } from '#kit/http'
import KbArticle from '../models/kb_article.js'
import KbCategory from '../models/kb_category.js'
import RecordArticleView from '../actions/record_article_view.js'
import VoteOnArticle from '../actions/vote_on_article.js'
import { audienceOf, visibilitiesFor, type Audience } from '../services/audience.js'
import { kbSettingsFor } from '../services/kb_settings.js'
import { searchArticles } from '../services/search.js'
import { voteValidator } from '../validators.js'

const VISITOR_COOKIE = 'kb_visitor'
const PER_PAGE = 10

/**
 * The public help center of each organization (/help/<slug>): readable
 * without signing in. A visitor reads the published public articles; a
 * signed-in customer of that organization also those for customers; its
 * staff every published one. An organization that switched the plugin
 * off, or an article the visitor may not read, is a 404.
 */
export default class HelpCenterController {
  /** /help: members go to their organization's help center. */
  async landing({ view, response, organization }: HttpContext) {
    if (organization) {
      return response.redirect().toRoute('kb.help.home', { organization: organization.slug })
    }
    return view.render('kb::help/landing')
  }

  async home(ctx: HttpContext) {
    const center = await helpCenter(ctx)
    const visibilities = visibilitiesFor(center.audience)
    const categories = await KbCategory.query()
      .where('organization_id', center.organization.id)
      .orderBy('position')
      .orderBy('name')
      .limit(200)
    const articles = await publishedArticles(center.organization.id, visibilities)
      .orderBy('title')
      .limit(500)
      .select('id', 'title', 'slug', 'category_id', 'body_text', 'visibility')
    const popular = await publishedArticles(center.organization.id, visibilities)
      .orderBy('view_count', 'desc')
      .orderBy('id', 'desc')
      .limit(5)
      .select('id', 'title', 'slug')
    const topLevel = categories.filter((category) => category.parentId === null)
    const sections = topLevel
      .map((category) => {
        const children = categories.filter((child) => child.parentId === category.id)
        const ids = new Set([category.id, ...children.map((child) => child.id)])
        return { category, articles: articles.filter((a) => ids.has(a.categoryId ?? 0)) }
      })
      .filter((section) => section.articles.length > 0)
    const uncategorized = articles.filter(
      (article) => !article.categoryId || !categories.some((c) => c.id === article.categoryId)
    )
    return ctx.view.render('kb::help/home', { ...center, sections, uncategorized, popular })
  }

  async search(ctx: HttpContext) {
    const center = await helpCenter(ctx)
    const q = String(ctx.request.input('q') ?? '')
      .trim()
      .slice(0, 200)
    const page = Math.min(1000, Math.max(1, Number.parseInt(ctx.request.input('page'), 10) || 1))
    const found = q
      ? await searchArticles({
          organizationId: center.organization.id,
          q,
          language: center.settings.language,
          visibilities: visibilitiesFor(center.audience),
          limit: PER_PAGE,
          offset: (page - 1) * PER_PAGE,
          count: true,
          snippets: true,
        })
      : { hits: [], total: 0 }
    return ctx.view.render('kb::help/search', {
      ...center,
      q,
      hits: found.hits,
      total: found.total,
      page,
      lastPage: Math.max(1, Math.ceil(found.total / PER_PAGE)),
    })
  }

  async category(ctx: HttpContext) {
    const center = await helpCenter(ctx)
    const category = await KbCategory.query()
      .where('organization_id', center.organization.id)
      .where('slug', String(ctx.params.category))
      .preload('parent')
      .firstOrFail()
    const children = await KbCategory.query()
      .where('organization_id', center.organization.id)
      .where('parent_id', category.id)
      .orderBy('position')
      .orderBy('name')
    const articles = await publishedArticles(
      center.organization.id,
      visibilitiesFor(center.audience)
    )
      .whereIn('category_id', [category.id, ...children.map((child) => child.id)])
      .orderBy('title')
      .limit(500)
      .select('id', 'title', 'slug', 'category_id', 'body_text')
    return ctx.view.render('kb::help/category', { ...center, category, children, articles })
  }

  async show(ctx: HttpContext) {
    const center = await helpCenter(ctx)
    const article = await readableArticle(ctx, center)
    await RecordArticleView.handle(ctx.actor, { article })
    if (article.categoryId) {
      await article.load('category', (query) => query.preload('parent'))
    }
    const voted = await existingVote(ctx, article)
    return ctx.view.render('kb::help/article', { ...center, article, voted })
  }

  async vote(ctx: HttpContext) {
    const { request, response, session } = ctx
    const center = await helpCenter(ctx)
    const article = await readableArticle(ctx, center)
    const [invalid, input] = await voteValidator.tryValidate(request.all())
    if (invalid) {
      if (isHtmx(request)) {
        response.status(422)
        return ctx.view.render('kb::partials/feedback', {
          ...center,
          article,
          voted: null,
          problem: 'Choose yes or no.',
        })
      }
      session.flash('error', 'Choose yes or no.')
      return response.redirect().toRoute('kb.help.article', articleParams(center, article))
    }
    const counted = await VoteOnArticle.handle(ctx.actor, {
      article,
      voterKey: voterKey(ctx),
      helpful: input.helpful === 'yes',
    })
    if (isHtmx(request)) {
      return ctx.view.render('kb::partials/feedback', {
        ...center,
        article,
        voted: counted ? input.helpful : await existingVote(ctx, article),
      })
    }
    session.flash(
      'success',
      counted ? 'Thank you for your feedback.' : 'You already told us, thank you.'
    )
    return response.redirect(
      `${router.makeUrl('kb.help.article', articleParams(center, article))}#feedback`
    )
  }
}

export interface HelpCenter {
  organization: Organization
  settings: Awaited<ReturnType<typeof kbSettingsFor>>
  audience: Audience
  /** The help center's address, /help/<slug>. */
  base: string
}

/**
 * The organization of the address (404 when unknown or when it switched
 * the plugin off) and who the visitor is to it.
 */
async function helpCenter(ctx: HttpContext): Promise<HelpCenter> {
  const organization = await Organization.query()
    .where('slug', String(ctx.params.organization))
    .firstOrFail()
  // The visitor's own organization passed the plugin middleware; this is the one they read.
  if (!(await plugins.isEnabledFor('kb', organization.id))) {
    throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
  }
  return {
    organization,
    settings: await kbSettingsFor(organization.id),
    audience: await audienceOf(ctx.auth.use('web').user, organization.id, ctx.membership),
    base: router.makeUrl('kb.help.home', { organization: organization.slug }),
  }
}

/** The route parameters of an article's page in its help center. */
function articleParams(center: HelpCenter, article: { slug: string }) {
  return { organization: center.organization.slug, article: article.slug }
}

function publishedArticles(organizationId: number, visibilities: string[]) {
  return KbArticle.query()
    .where('organization_id', organizationId)
    .where('status', 'published')
    .whereIn('visibility', visibilities)
}

/** A published article of the help center the visitor may read, or a 404. */
function readableArticle(ctx: HttpContext, center: HelpCenter) {
  return publishedArticles(center.organization.id, visibilitiesFor(center.audience))
    .where('slug', String(ctx.params.article))
    .firstOrFail()
}

/**
 * Who votes: a signed-in person by account; a visitor by a random id kept
 * in a signed cookie for a year (given on their first vote).
 */
function voterKey(ctx: HttpContext) {
  const user = ctx.auth.use('web').user
  if (user) return `user:${user.id}`
  let visitor = ctx.request.cookie(VISITOR_COOKIE)
  if (typeof visitor !== 'string' || !/^[0-9a-f-]{36}$/.test(visitor)) {
    visitor = randomUUID()
  }
  ctx.response.cookie(VISITOR_COOKIE, visitor, {
    maxAge: '365d',
    httpOnly: true,
    sameSite: 'lax',
    path: router.makeUrl('kb.help.landing'),
  })
  return `visitor:${visitor}`
}

/** The visitor's vote on the article ('yes' / 'no'), if any. */
async function existingVote(ctx: HttpContext, article: KbArticle) {
  const visitor = ctx.request.cookie(VISITOR_COOKIE)
  const user = ctx.auth.use('web').user
  const key = user ? `user:${user.id}` : typeof visitor === 'string' ? `visitor:${visitor}` : null
  if (!key) return null
  const row = await KbArticle.query()
    .where('kb_articles.id', article.id)
    .where('kb_articles.organization_id', article.organizationId)
    .join('kb_article_votes', 'kb_article_votes.article_id', 'kb_articles.id')
    .where('kb_article_votes.voter_key', key)
    .select('kb_article_votes.helpful')
    .first()
  if (!row) return null
  return (row.$extras as { helpful: boolean }).helpful ? 'yes' : 'no'
}
