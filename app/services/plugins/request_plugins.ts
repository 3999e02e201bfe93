import type { HttpContext } from '@adonisjs/core/http'
import type { NavArea, NavEntry, SlotData, SlotName } from '#services/plugins/define_plugin'
import type { PluginRegistry } from '#services/plugins/registry'

/**
 * The plugins one request may use: the active plugins its organization has
 * on, read once per request. Shared with views as `plugins`, so layouts
 * render navigation entries and assets, and pages render slots, without
 * knowing any plugin.
 */
export class RequestPlugins {
  constructor(
    private registry: PluginRegistry,
    private enabledIds: Set<string>,
    private ctx: HttpContext
  ) {}

  isEnabled(id: string) {
    return this.enabledIds.has(id)
  }

  nav(area: NavArea): NavEntry[] {
    return this.enabled().flatMap((plugin) =>
      (plugin.manifest.nav ?? []).filter((entry) => entry.area === area)
    )
  }

  /** Vite entry points of the enabled plugins' assets, for the layout's @vite tag. */
  assets(): string[] {
    return this.enabled().flatMap((plugin) => plugin.assets)
  }

  /**
   * HTML of every enabled plugin's view for a slot, in plugin id order.
   * The plugin's loader runs first, with the request and the slot's props;
   * its result goes to the view along with the props (a null result
   * renders nothing). Each view is rendered with the request's view
   * renderer, so it has the same globals (csrf field, request, plugins) as
   * the page.
   */
  async slot<Name extends SlotName>(name: Name, props?: SlotData[Name]): Promise<string> {
    const parts: string[] = []
    for (const plugin of this.enabled()) {
      const slot = plugin.manifest.slots?.[name]
      if (!slot) continue
      const given = (props ?? {}) as SlotData[Name]
      const loaded = slot.load ? await slot.load(this.ctx, given) : {}
      if (loaded === null) continue
      parts.push(await this.ctx.view.render(slot.view, { ...given, ...loaded }))
    }
    return parts.join('\n')
  }

  private enabled() {
    return this.registry.active().filter((plugin) => this.enabledIds.has(plugin.id))
  }
}
