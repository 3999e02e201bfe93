import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import plugins from '#services/plugins/main'
import PluginSettingsPolicy from '#policies/plugin_settings_policy'
import SetPluginEnabled from '#actions/plugins/set_plugin_enabled'
import SavePluginSettings from '#actions/plugins/save_plugin_settings'

const toggleValidator = vine.compile(vine.object({ enabled: vine.boolean() }))

/**
 * Admin → Plugins: which plugins the organization uses, and their settings.
 */
export default class PluginsController {
  async index({ view, plugins: requestPlugins, bouncer }: HttpContext) {
    await bouncer.with(PluginSettingsPolicy).authorize('view')
    return view.render('pages/desk/plugins/index', {
      entries: plugins.active().map((plugin) => ({
        plugin,
        enabled: requestPlugins.isEnabled(plugin.id),
      })),
    })
  }

  async toggle(ctx: HttpContext) {
    const { params, request, response, session, bouncer, actor } = ctx
    await bouncer.with(PluginSettingsPolicy).authorize('toggle')
    const plugin = plugins.find(params.id)
    if (!plugin) return response.notFound()

    const { enabled } = await request.validateUsing(toggleValidator)
    await SetPluginEnabled.handle(actor, { plugin, enabled })

    session.flash('success', `${plugin.manifest.name} is now ${enabled ? 'on' : 'off'}.`)
    return response.redirect().toRoute('desk.plugins.index')
  }

  async editSettings(ctx: HttpContext) {
    const { params, view, response, organization, bouncer } = ctx
    await bouncer.with(PluginSettingsPolicy).authorize('update')
    const plugin = plugins.find(params.id)
    if (!plugin?.manifest.settings) return response.notFound()

    // What the plugin's form shows besides the values (its settings loader).
    const loaded = (await plugin.manifest.settings.load?.(ctx)) ?? {}
    return view.render('pages/desk/plugins/settings', {
      ...loaded,
      plugin,
      settings: await plugins.settingsFor(plugin.id, organization!.id),
    })
  }

  async updateSettings(ctx: HttpContext) {
    const { params, request, response, session, bouncer, actor } = ctx
    await bouncer.with(PluginSettingsPolicy).authorize('update')
    const plugin = plugins.find(params.id)
    if (!plugin?.manifest.settings) return response.notFound()

    await SavePluginSettings.handle(actor, { plugin, form: request.all() })

    session.flash('success', `${plugin.manifest.name} settings saved.`)
    return response.redirect().toRoute('desk.plugins.settings', { id: plugin.id })
  }
}
