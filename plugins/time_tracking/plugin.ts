import edge from 'edge.js'
import Ticket from '#models/ticket'
import DeskMiddleware from '#middleware/desk_middleware'
import { definePlugin } from '#services/plugins/define_plugin'
import { ticketTimePanel } from './services/ticket_panel.js'
import { formatMinutes } from './services/time_report.js'

const TimeEntriesController = () => import('./controllers/time_entries_controller.js')
const TimersController = () => import('./controllers/timers_controller.js')
const ReportsController = () => import('./controllers/reports_controller.js')

/**
 * The ticket.sidebar slot view reads the panel through this global: a slot
 * only receives the ticket.
 */
edge.global('timeTracking', { panel: ticketTimePanel, formatMinutes })

/**
 * Time tracking: staff log time on tickets (by hand or with a timer that
 * runs server-side), managers and admins read reports and export CSV.
 */
export default definePlugin({
  id: 'time_tracking',
  name: 'Time tracking',
  version: '1.0.0',
  description:
    'Staff log time on tickets (billable or not) or run a timer; managers get reports and CSV exports.',

  routes(router) {
    router.get('/time-tracking/timer.js', [TimersController, 'script']).as('time_tracking.script')

    const reference = { match: Ticket.REFERENCE }
    router
      .group(() => {
        router
          .get('/tickets/:number/time-entries', [TimeEntriesController, 'index'])
          .where('number', reference)
          .as('entries.index')
        router
          .post('/tickets/:number/time-entries', [TimeEntriesController, 'store'])
          .where('number', reference)
          .as('entries.store')
        router
          .post('/tickets/:number/timer', [TimersController, 'start'])
          .where('number', reference)
          .as('timer.start')
        router
          .post('/tickets/:number/timer/stop', [TimersController, 'stop'])
          .where('number', reference)
          .as('timer.stop')
        router
          .get('/time-entries/:id/edit', [TimeEntriesController, 'edit'])
          .where('id', router.matchers.number())
          .as('entries.edit')
        router
          .post('/time-entries/:id', [TimeEntriesController, 'update'])
          .where('id', router.matchers.number())
          .as('entries.update')
        router
          .post('/time-entries/:id/delete', [TimeEntriesController, 'destroy'])
          .where('id', router.matchers.number())
          .as('entries.destroy')
        router.get('/time', [ReportsController, 'index']).as('reports.index')
        router.get('/time/export', [ReportsController, 'export']).as('reports.export')
      })
      .prefix('/desk')
      .as('time_tracking')
      // The desk's own guard (the kernel's named middleware are not importable
      // here: ace imports this manifest before the app boots).
      .use((ctx, next) => new DeskMiddleware().handle(ctx, next))
  },

  commands: [() => import('./commands/time_export.js')],

  nav: [{ area: 'desk', label: 'Time reports', href: '/desk/time', icon: 'chart' }],

  slots: {
    'ticket.sidebar': 'time_tracking::slots/ticket_sidebar',
  },
})
