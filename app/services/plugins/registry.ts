import { join, relative, sep } from 'node:path'
import { existsSync } from 'node:fs'
import type { PluginManifest } from '#services/plugins/define_plugin'
import {
  discoverPluginFolders,
  importPluginManifest,
  type DiscoveryOptions,
} from '#services/plugins/discovery'
import OrganizationPlugin from '#models/organization_plugin'
import { pluginChoicesOf } from '#services/plugins/plugin_choices'

export interface LoadedPlugin {
  id: string
  dir: string
  /** Allowed on this server by PLUGINS_ALLOW. Only allowed plugins are wired. */
  allowed: boolean
  manifest: PluginManifest
  /** Absolute path of the plugin's Edge views (mounted as the disk "<id>::"), if any. */
  viewsDir: string | null
  /**
   * Vite entry points of the manifest's `assets`, relative to the app root
   * (as vite.config.ts names them), e.g. "plugins/time_tracking/resources/assets/timer.ts".
   */
  assets: string[]
}

/** Where a plugin keeps its browser modules and stylesheets (each top-level file is a Vite entry). */
export const PLUGIN_ASSETS_DIR = join('resources', 'assets')
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(js|ts|css)$/

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
      loaded.push({
        ...folder,
        manifest,
        viewsDir: existsSync(viewsDir) ? viewsDir : null,
        assets: this.#assetEntries(folder.id, folder.dir, manifest.assets ?? []),
      })
    }
    this.#plugins = loaded
    return this
  }

  /**
   * The manifest's asset names as Vite entry paths. A name must be a file
   * directly inside resources/assets/ (the folder vite.config.ts scans);
   * where the sources are at hand (not a built app, whose assets are in
   * Vite's manifest), the file must exist.
   */
  #assetEntries(id: string, dir: string, names: string[]) {
    const fromSources = existsSync(join(dir, 'plugin.ts'))
    return names.map((name) => {
      const file = join(dir, PLUGIN_ASSETS_DIR, name)
      if (!ASSET_NAME.test(name) || (fromSources && !existsSync(file))) {
        throw new Error(
          `Plugin "${id}": asset "${name}" must be a .js, .ts or .css file directly inside ${join(dir, PLUGIN_ASSETS_DIR)}`
        )
      }
      return relative(this.options.appRoot, file).split(sep).join('/')
    })
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
   * organization (signed-out visitors), the defaults apply. The choices
   * come from a cache shared by all processes (plugin_choices.ts).
   */
  async enabledIdsFor(organizationId: number | null): Promise<Set<string>> {
    const choices = organizationId === null ? {} : await pluginChoicesOf(organizationId)
    return new Set(
      this.active()
        .filter((plugin) => choices[plugin.id] ?? plugin.manifest.enabledByDefault !== false)
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
