import Ticket from '#models/ticket'
import { definePlugin } from '#kit/plugins'
import { ticketTimePanel } from './services/ticket_panel.js'
import { formatMinutes } from './services/time_report.js'

const TimeEntriesController = () => import('./controllers/time_entries_controller.js')
const TimersController = () => import('./controllers/timers_controller.js')
const ReportsController = () => import('./controllers/reports_controller.js')

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

  routes(router, kit) {
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
      .use(kit.guards.staff)
  },

  commands: [() => import('./commands/time_export.js')],

  nav: [{ area: 'desk', label: 'Time reports', href: '/desk/time', icon: 'chart' }],

  slots: {
    // The ticket's time and the member's timer; nothing for members who may not log time.
    'ticket.sidebar': {
      view: 'time_tracking::slots/ticket_sidebar',
      load: async ({ membership }, { ticket }) => {
        const time = await ticketTimePanel(membership ?? null, ticket)
        return time ? { time, fmt: formatMinutes } : null
      },
    },
  },

  // The ticking clock of a running timer (resources/assets/timer.ts).
  assets: ['timer.ts'],
})
