/*
| Routes: sla (imported by start/routes.ts).
|
| Desk → SLA for managers and admins: business calendars, policies per
| priority, compliance figures. Calendars are found through the current
| organization (another organization's calendar answers 404).
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'

const SlaSettingsController = () => import('#controllers/desk/sla_settings_controller')
const SlaComplianceController = () => import('#controllers/desk/sla_compliance_controller')

router
  .group(() => {
    router.get('/', [SlaSettingsController, 'index']).as('index')
    router.get('/calendars/new', [SlaSettingsController, 'createCalendar']).as('calendars.create')
    router.post('/calendars', [SlaSettingsController, 'storeCalendar']).as('calendars.store')
    router
      .get('/calendars/:id/edit', [SlaSettingsController, 'editCalendar'])
      .where('id', router.matchers.number())
      .as('calendars.edit')
    router
      .post('/calendars/:id', [SlaSettingsController, 'updateCalendar'])
      .where('id', router.matchers.number())
      .as('calendars.update')
    router.post('/policies', [SlaSettingsController, 'updatePolicies']).as('policies.update')
    router.get('/compliance', [SlaComplianceController, 'show']).as('compliance')
  })
  .prefix('/desk/sla')
  .as('desk.sla')
  .use([...webMiddleware(), middleware.desk()])
