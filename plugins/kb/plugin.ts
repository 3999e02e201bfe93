import { definePlugin } from '#kit/plugins'
import { DEFAULT_SETTINGS, SEARCH_LANGUAGES, settingsValidator } from './services/kb_settings.js'
import { suggestionsForTicket } from './services/ticket_suggestions.js'

const DeskArticles = () => import('./controllers/desk_articles_controller.js')
const DeskCategories = () => import('./controllers/desk_categories_controller.js')
const HelpCenter = () => import('./controllers/help_center_controller.js')
const Deflections = () => import('./controllers/deflections_controller.js')

/**
 * Knowledge base: articles written in the desk, a public help center per
 * organization (/help/<slug>), full-text search with typo tolerance,
 * suggestions while a customer writes a request (deflection) and on the
 * desk ticket page, helpfulness votes and view counts.
 */
export default definePlugin({
  id: 'kb',
  name: 'Knowledge base',
  version: '1.0.0',
  description: 'Help center articles, search, and suggested answers on requests and tickets.',

  routes(router, kit) {
    const id = { match: /^\d+$/, cast: (value: string) => Number(value) }

    // The desk: staff only.
    router
      .group(() => {
        router.get('/', [DeskArticles, 'index']).as('index')
        router.get('/articles/new', [DeskArticles, 'create']).as('articles.create')
        router.post('/articles', [DeskArticles, 'store']).as('articles.store')
        router.get('/articles/:id', [DeskArticles, 'edit']).where('id', id).as('articles.edit')
        router.post('/articles/:id', [DeskArticles, 'update']).where('id', id).as('articles.update')
        router
          .post('/articles/:id/publish', [DeskArticles, 'publish'])
          .where('id', id)
          .as('articles.publish')
        router
          .post('/articles/:id/unpublish', [DeskArticles, 'unpublish'])
          .where('id', id)
          .as('articles.unpublish')
        router
          .post('/articles/:id/restore', [DeskArticles, 'restore'])
          .where('id', id)
          .as('articles.restore')
        router
          .post('/articles/:id/delete', [DeskArticles, 'destroy'])
          .where('id', id)
          .as('articles.destroy')
        router.post('/reindex', [DeskArticles, 'reindex']).as('reindex')
        router.get('/categories', [DeskCategories, 'index']).as('categories.index')
        router.post('/categories', [DeskCategories, 'store']).as('categories.store')
        router
          .post('/categories/:id', [DeskCategories, 'update'])
          .where('id', id)
          .as('categories.update')
        router
          .post('/categories/:id/delete', [DeskCategories, 'destroy'])
          .where('id', id)
          .as('categories.destroy')
      })
      .prefix('/desk/kb')
      .as('kb.desk')
      .use(kit.guards.staff)

    // Signed-in members: suggestions on the new-request form, "this solved my problem".
    router
      .group(() => {
        router.get('/kb/suggestions', [Deflections, 'suggestions']).as('suggestions')
        router.post('/kb/articles/:id/solved', [Deflections, 'solved']).where('id', id).as('solved')
      })
      .as('kb.deflections')
      .use(kit.guards.signedIn)

    // The public help center.
    router.get('/help', [HelpCenter, 'landing']).as('kb.help.landing')
    router
      .group(() => {
        router.get('/', [HelpCenter, 'home']).as('home')
        router.get('/search', [HelpCenter, 'search']).as('search')
        router.get('/categories/:category', [HelpCenter, 'category']).as('category')
        router.get('/:article', [HelpCenter, 'show']).as('article')
        router.post('/:article/vote', [HelpCenter, 'vote']).as('vote')
      })
      .prefix('/help/:organization')
      .as('kb.help')
  },

  commands: [() => import('./commands/kb_reindex.js')],

  nav: [
    { area: 'desk', label: 'Knowledge base', href: '/desk/kb', icon: 'book' },
    { area: 'portal', label: 'Help center', href: '/help' },
  ],

  slots: {
    'portal.new_ticket': { view: 'kb::slots/new_ticket' },
    // Published articles matching the ticket's subject.
    'ticket.sidebar': {
      view: 'kb::slots/ticket_sidebar',
      load: async (_ctx, { ticket }) => ({ suggested: await suggestionsForTicket(ticket) }),
    },
  },

  settings: {
    view: 'kb::settings',
    load: () => ({ languages: SEARCH_LANGUAGES }),
    validator: settingsValidator,
    defaults: DEFAULT_SETTINGS,
  },
})
