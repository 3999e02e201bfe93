/*
| Routes: attachments (imported by start/routes.ts).
|
| Files are downloaded only here, never from a public folder: each request
| is authorized through the ticket (visible tickets of the current
| organization) and the comment (a customer never gets an internal note's
| file). Uploads go through the AttachFiles action: the API route below,
| and the portal and desk forms of the ticket pages.
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'

const AttachmentsController = () => import('#controllers/attachments_controller')
const ApiAttachmentsController = () => import('#controllers/api/attachments_controller')

router
  .get('/attachments/:id', [AttachmentsController, 'show'])
  .where('id', router.matchers.number())
  .as('attachments.show')
  .use([...webMiddleware(), middleware.auth()])

router
  .group(() => {
    router
      .post('/tickets/:number/attachments', [ApiAttachmentsController, 'store'])
      .use(middleware.uploads())
      .as('tickets.attachments.store')
    router
      .get('/attachments/:id', [ApiAttachmentsController, 'show'])
      .where('id', router.matchers.number())
      .as('attachments.show')
  })
  .prefix('/api/v1')
  .as('api')
  .use(middleware.apiAuth())
