/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Core routes only. Plugins add their own from plugins/<id>/plugin.ts
| (wired by start/plugins.ts).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'

const HealthChecksController = () => import('#controllers/health_checks_controller')
const DashboardController = () => import('#controllers/desk/dashboard_controller')
const PluginsController = () => import('#controllers/desk/plugins_controller')

/*
| Probes for nginx, systemd and monitoring: no session, no CSRF.
*/
router.get('/health/live', [HealthChecksController, 'live']).as('health.live')
router.get('/health/ready', [HealthChecksController, 'ready']).as('health.ready')

/*
| Pages
*/
router
  .group(() => {
    router.on('/').render('pages/portal/home').as('portal.home')

    router.get('/desk', [DashboardController, 'show']).as('desk.dashboard')

    router
      .group(() => {
        router.get('/', [PluginsController, 'index']).as('index')
        router.post('/:id/enabled', [PluginsController, 'toggle']).as('toggle')
        router.get('/:id/settings', [PluginsController, 'editSettings']).as('settings')
        router.post('/:id/settings', [PluginsController, 'updateSettings']).as('settings.update')
      })
      .prefix('/desk/plugins')
      .as('desk.plugins')
      .use(middleware.organizationRequired())
  })
  .use(webMiddleware())
