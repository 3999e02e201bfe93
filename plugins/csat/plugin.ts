import edge from 'edge.js'
import logger from '@adonisjs/core/services/logger'
import Ticket from '#models/ticket'
import { definePlugin } from '#services/plugins/define_plugin'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import AuthMiddleware from '#middleware/auth_middleware'
import DeskMiddleware from '#middleware/desk_middleware'
import Actor from '#actions/actor'
import RequestRating from './actions/request_rating.js'
import { csatViewHelpers } from './services/ticket_rating.js'

const RatingsController = () => import('./controllers/ratings_controller.js')
const RatingLinksController = () => import('./controllers/rating_links_controller.js')
const ReportController = () => import('./controllers/report_controller.js')

// The core's page guards, as route middleware: the manifest is imported at
// boot, before start/kernel.ts (and its named middleware) may be loaded.
const signedIn = (ctx: HttpContext, next: NextFn) => new AuthMiddleware().handle(ctx, next)
const staffDesk = (ctx: HttpContext, next: NextFn) => new DeskMiddleware().handle(ctx, next)

/** A token of newSecretToken (base64url); anything else is no link of ours. */
const TOKEN = { match: /^[A-Za-z0-9_-]{20,100}$/ }

// The slots get only the ticket: their views read the rating through this global.
edge.global('csat', csatViewHelpers)

/**
 * Customer satisfaction: when a ticket is resolved its requester is asked
 * (by mail, and on the portal ticket page) to rate it from 1 to 5 with an
 * optional comment. Staff see the rating beside the ticket; the desk's
 * CSAT page reports the score per agent and period.
 */
export default definePlugin({
  id: 'csat',
  name: 'Customer satisfaction (CSAT)',
  version: '1.0.0',
  description:
    'Asks requesters to rate resolved tickets (portal and a mailed link) and reports the CSAT score.',

  routes(router) {
    router
      .post('/tickets/:number/csat', [RatingsController, 'store'])
      .where('number', { match: Ticket.REFERENCE })
      .use(signedIn)
      .as('csat.rate')
    // The mailed link works without signing in: the token is the proof.
    router
      .get('/csat/rate/:token', [RatingLinksController, 'show'])
      .where('token', TOKEN)
      .as('csat.link')
    router
      .post('/csat/rate/:token', [RatingLinksController, 'store'])
      .where('token', TOKEN)
      .as('csat.link.rate')
    router.get('/desk/csat', [ReportController, 'index']).use(staffDesk).as('csat.report')
  },

  listeners: {
    'ticket:transitioned': async (event) => {
      if (event.to !== 'resolved') return
      // Asking for a rating must never undo or fail the resolution itself.
      try {
        await RequestRating.handle(Actor.system(), {
          organizationId: event.organizationId,
          ticketId: event.ticketId,
        })
      } catch (error) {
        logger.error({ err: error, ticketId: event.ticketId }, 'could not ask for a CSAT rating')
      }
    },
  },

  nav: [{ area: 'desk', label: 'CSAT', href: '/desk/csat', icon: 'chart' }],

  slots: {
    'portal.ticket': 'csat::slots/portal_ticket',
    'ticket.sidebar': 'csat::slots/desk_sidebar',
  },
})
