import { join } from 'node:path'
import { existsSync } from 'node:fs'
import type { PluginManifest } from '#services/plugins/define_plugin'
import {
  discoverPluginFolders,
  importPluginManifest,
  type DiscoveryOptions,
} from '#services/plugins/discovery'
import OrganizationPlugin from '#models/organization_plugin'

export interface LoadedPlugin {
  id: string
  dir: string
  /** Allowed on this server by PLUGINS_ALLOW. Only allowed plugins are wired. */
  allowed: boolean
  manifest: PluginManifest
  /** Absolute path of the plugin's Edge views (mounted as the disk "<id>::"), if any. */
  viewsDir: string | null
}

/**
 * Knows every plugin found on disk and which of them an organization uses.
 */
export class PluginRegistry {
  #plugins: LoadedPlugin[] = []

  constructor(private options: DiscoveryOptions) {}

  /**
   * Imports every plugin manifest. A manifest whose id differs from its
   * folder name stops the boot: it would be wired under the wrong name.
   */
  async load() {
    const loaded: LoadedPlugin[] = []
    for (const folder of discoverPluginFolders(this.options)) {
      const manifest = await importPluginManifest(folder)
      const viewsDir = join(folder.dir, 'resources', 'views')
      loaded.push({ ...folder, manifest, viewsDir: existsSync(viewsDir) ? viewsDir : null })
    }
    this.#plugins = loaded
    return this
  }

  /** Every plugin found, allowed or not. */
  all(): readonly LoadedPlugin[] {
    return this.#plugins
  }

  /** Plugins this server runs (PLUGINS_ALLOW). */
  active(): LoadedPlugin[] {
    return this.#plugins.filter((plugin) => plugin.allowed)
  }

  find(id: string): LoadedPlugin | undefined {
    return this.active().find((plugin) => plugin.id === id)
  }

  /**
   * Ids of the active plugins an organization has switched on; the
   * manifest default applies where it has not chosen. Without an
   * organization (signed-out visitors), the defaults apply.
   */
  async enabledIdsFor(organizationId: number | null): Promise<Set<string>> {
    const choices = new Map<string, boolean>()
    if (organizationId !== null) {
      const rows = await OrganizationPlugin.query()
        .where('organization_id', organizationId)
        .select('plugin_id', 'enabled')
      for (const row of rows) choices.set(row.pluginId, row.enabled)
    }

    return new Set(
      this.active()
        .filter((plugin) => choices.get(plugin.id) ?? plugin.manifest.enabledByDefault !== false)
        .map((plugin) => plugin.id)
    )
  }

  async isEnabledFor(id: string, organizationId: number | null) {
    const enabled = await this.enabledIdsFor(organizationId)
    return enabled.has(id)
  }

  /**
   * An organization's settings of a plugin: its stored values on top of the
   * manifest defaults, so a setting added in a later plugin version has a
   * value before anyone saves.
   */
  async settingsFor(id: string, organizationId: number): Promise<Record<string, unknown>> {
    const row = await OrganizationPlugin.query()
      .where('organization_id', organizationId)
      .where('plugin_id', id)
      .first()
    return { ...this.find(id)?.manifest.settings?.defaults, ...row?.settings }
  }
}
