/*
| Routes: api_tickets (imported by start/routes.ts).
|
| REST API for tickets and their conversation, with access tokens. A
| ticket is addressed by its number, "ATUM-12" or "12". Attachments have
| their own routes (start/routes/attachments.ts).
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TicketsController = () => import('#controllers/api/tickets_controller')
const TicketTransitionsController = () => import('#controllers/api/ticket_transitions_controller')
const TicketCommentsController = () => import('#controllers/api/ticket_comments_controller')

router
  .group(() => {
    router.get('/tickets', [TicketsController, 'index']).as('index')
    router.post('/tickets', [TicketsController, 'store']).as('store')
    router.get('/tickets/:number', [TicketsController, 'show']).as('show')
    router.patch('/tickets/:number', [TicketsController, 'update']).as('update')
    router
      .post('/tickets/:number/transitions', [TicketTransitionsController, 'store'])
      .as('transitions.store')
    router
      .get('/tickets/:number/comments', [TicketCommentsController, 'index'])
      .as('comments.index')
    router
      .post('/tickets/:number/comments', [TicketCommentsController, 'store'])
      .as('comments.store')
  })
  .prefix('/api/v1')
  .as('api.tickets')
  .use(middleware.apiAuth())
