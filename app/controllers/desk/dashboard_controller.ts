import type { HttpContext } from '@adonisjs/core/http'
import plugins from '#services/plugins/main'
import { readinessReport } from '#services/health/readiness_report'

export default class DashboardController {
  async show({ view, plugins: requestPlugins }: HttpContext) {
    const active = plugins.active()
    return view.render('pages/desk/home', {
      health: await readinessReport(),
      pluginCount: active.length,
      enabledPluginCount: active.filter((plugin) => requestPlugins.isEnabled(plugin.id)).length,
    })
  }
}
