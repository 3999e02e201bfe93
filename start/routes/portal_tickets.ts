/*
| Routes: portal_tickets (imported by start/routes.ts).
|
| The customer portal's requests: a signed-in person's tickets (staff see
| their own requests here too), a form to open one, and the public
| conversation of each. Tickets are addressed by their reference
| (ATUM-12, or just 12) and always loaded through visibleTickets.
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'
import Ticket from '#models/ticket'

const TicketsController = () => import('#controllers/portal/tickets_controller')
const TicketLiveController = () => import('#controllers/portal/ticket_live_controller')

const reference = { match: Ticket.REFERENCE }

router
  .group(() => {
    router.get('/tickets', [TicketsController, 'index']).as('index')
    router.get('/tickets/new', [TicketsController, 'create']).as('create')
    router.post('/tickets', [TicketsController, 'store']).use(middleware.uploads()).as('store')
    router
      .get('/tickets/:number', [TicketsController, 'show'])
      .where('number', reference)
      .as('show')
    router
      .post('/tickets/:number/comments', [TicketsController, 'comment'])
      .where('number', reference)
      .use(middleware.uploads())
      .as('comment')
    // The parts of the page live updates re-fetch.
    router
      .get('/tickets/:number/live', [TicketLiveController, 'show'])
      .where('number', reference)
      .as('live')
  })
  .as('portal.tickets')
  .use([...webMiddleware(), middleware.auth()])
