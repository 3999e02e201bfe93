import type { HttpContext } from '@adonisjs/core/http'
import type { NavArea, NavEntry, SlotData, SlotName } from '#services/plugins/define_plugin'
import type { PluginRegistry } from '#services/plugins/registry'

/**
 * The plugins one request may use: the active plugins its organization has
 * on. Shared with views as `plugins`, so layouts render navigation entries
 * and pages render slots without knowing any plugin.
 */
export class RequestPlugins {
  constructor(
    private registry: PluginRegistry,
    private enabledIds: Set<string>,
    private ctx: Pick<HttpContext, 'view'>
  ) {}

  isEnabled(id: string) {
    return this.enabledIds.has(id)
  }

  nav(area: NavArea): NavEntry[] {
    return this.enabled().flatMap((plugin) =>
      (plugin.manifest.nav ?? []).filter((entry) => entry.area === area)
    )
  }

  /**
   * HTML of every enabled plugin's view for a slot, in plugin id order.
   * Each view is rendered with the request's view renderer, so it has the
   * same globals (csrf field, request, plugins) as the page.
   */
  async slot<Name extends SlotName>(name: Name, data?: SlotData[Name]): Promise<string> {
    const parts: string[] = []
    for (const plugin of this.enabled()) {
      const view = plugin.manifest.slots?.[name]
      if (view) parts.push(await this.ctx.view.render(view, { ...data }))
    }
    return parts.join('\n')
  }

  private enabled() {
    return this.registry.active().filter((plugin) => this.enabledIds.has(plugin.id))
  }
}
