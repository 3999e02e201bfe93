/*
| Routes: desk_tickets (imported by start/routes.ts).
|
| The staff desk's tickets: the inbox (views, filters, search), opening a
| ticket, and the ticket page with its replies, notes, lifecycle actions
| and details. Tickets are addressed by their reference (ATUM-12, or 12)
| and always loaded through visibleTickets.
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'
import Ticket from '#models/ticket'

const TicketsController = () => import('#controllers/desk/tickets_controller')
const TicketActionsController = () => import('#controllers/desk/ticket_actions_controller')
const TicketLiveController = () => import('#controllers/desk/ticket_live_controller')

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
      .post('/tickets/:number/comments', [TicketActionsController, 'comment'])
      .where('number', reference)
      .use(middleware.uploads())
      .as('comment')
    router
      .post('/tickets/:number/transitions', [TicketActionsController, 'transition'])
      .where('number', reference)
      .as('transition')
    router
      .post('/tickets/:number/details', [TicketActionsController, 'update'])
      .where('number', reference)
      .as('update')
    // Live updates of an open ticket page and who else has it open.
    router
      .get('/tickets/:number/live', [TicketLiveController, 'show'])
      .where('number', reference)
      .as('live')
    router
      .post('/tickets/:number/presence', [TicketLiveController, 'presence'])
      .where('number', reference)
      .as('presence')
  })
  .prefix('/desk')
  .as('desk.tickets')
  .use([...webMiddleware(), middleware.desk()])
