/*
| Routes: audit (imported by start/routes.ts). The audit trail of the
| current organization, for its admins (the controller authorizes).
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'

const AuditController = () => import('#controllers/desk/audit_controller')

router
  .group(() => {
    router.get('/audit', [AuditController, 'index']).as('audit.index')
    router.post('/audit/verify', [AuditController, 'verify']).as('audit.verify')
  })
  .prefix('/desk')
  .as('desk')
  .use([...webMiddleware(), middleware.desk()])
