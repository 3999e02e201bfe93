import logger from '@adonisjs/core/services/logger'
import Ticket from '#models/ticket'
import { definePlugin } from '#kit/plugins'
import Actor from '#actions/actor'
import RequestRating from './actions/request_rating.js'
import { deskPanel, portalPanel } from './services/ticket_rating.js'

const RatingsController = () => import('./controllers/ratings_controller.js')
const RatingLinksController = () => import('./controllers/rating_links_controller.js')
const ReportController = () => import('./controllers/report_controller.js')

/** A token of newSecretToken (base64url); anything else is no link of ours. */
const TOKEN = { match: /^[A-Za-z0-9_-]{20,100}$/ }

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

  routes(router, kit) {
    router
      .post('/tickets/:number/csat', [RatingsController, 'store'])
      .where('number', { match: Ticket.REFERENCE })
      .use(kit.guards.signedIn)
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
    router.get('/desk/csat', [ReportController, 'index']).use(kit.guards.staff).as('csat.report')
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
    // The requester rates the resolved request.
    'portal.ticket': {
      view: 'csat::slots/portal_ticket',
      load: async ({ auth }, { ticket }) => ({
        panel: await portalPanel(ticket, auth.use('web').user ?? null),
      }),
    },
    // The requester's rating, for staff.
    'ticket.sidebar': {
      view: 'csat::slots/desk_sidebar',
      load: async (_ctx, { ticket }) => ({ csatPanel: await deskPanel(ticket) }),
    },
  },
})
