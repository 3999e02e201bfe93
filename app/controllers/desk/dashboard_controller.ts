import type { HttpContext } from '@adonisjs/core/http'
import { TICKET_STATUSES } from '#models/ticket'
import plugins from '#services/plugins/main'
import { readinessReport } from '#presenters/readiness_report'
import { ticketCounts } from '#services/search/ticket_counts'

export default class DashboardController {
  async show({ view, plugins: requestPlugins, membership }: HttpContext) {
    const active = plugins.active()
    const counts = await ticketCounts(membership!)
    // Bars are relative to the largest status, so the busiest one fills the row.
    const largest = Math.max(1, ...Object.values(counts.byStatus))
    return view.render('pages/desk/home', {
      health: await readinessReport(),
      pluginCount: active.length,
      enabledPluginCount: active.filter((plugin) => requestPlugins.isEnabled(plugin.id)).length,
      counts,
      statusBars: TICKET_STATUSES.map((status) => ({
        status,
        total: counts.byStatus[status],
        share: counts.byStatus[status] / largest,
      })),
    })
  }
}
