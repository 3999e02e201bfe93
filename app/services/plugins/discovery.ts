import { existsSync, readdirSync, statSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PluginManifest } from '#services/plugins/define_plugin'

/**
 * A plugin folder found on disk: `<path>/<id>/plugin.(ts|js)`.
 */
export interface PluginFolder {
  id: string
  /** Absolute path of the plugin folder. */
  dir: string
  /** Whether PLUGINS_ALLOW lets this server run it. */
  allowed: boolean
}

export interface DiscoveryOptions {
  /** Application root; relative plugin paths are resolved from it. */
  appRoot: string
  /** Comma-separated folders to scan (PLUGINS_PATHS); defaults to "plugins". */
  paths?: string
  /** Comma-separated ids allowed on this server (PLUGINS_ALLOW); empty or "*" allows all. */
  allow?: string
}

/** A plugin id: its folder name. */
export const PLUGIN_ID = /^[a-z][a-z0-9_]*$/

function splitList(value: string | undefined) {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/**
 * Finds plugin folders synchronously. It runs while config files load
 * (config/database.ts needs the migration folders), so it cannot await.
 * A folder whose name is not a valid plugin id is ignored.
 */
export function discoverPluginFolders(options: DiscoveryOptions): PluginFolder[] {
  const paths = splitList(options.paths)
  const allowList = splitList(options.allow)
  const allowAll = allowList.length === 0 || allowList.includes('*')
  const found = new Map<string, PluginFolder>()

  for (const path of paths.length ? paths : ['plugins']) {
    const root = isAbsolute(path) ? path : join(options.appRoot, path)
    if (!existsSync(root)) continue

    for (const id of readdirSync(root).sort()) {
      const dir = join(root, id)
      if (!PLUGIN_ID.test(id) || !statSync(dir).isDirectory()) continue
      if (!existsSync(join(dir, 'plugin.ts')) && !existsSync(join(dir, 'plugin.js'))) continue
      if (found.has(id)) {
        throw new Error(`Plugin "${id}" is found twice: in ${found.get(id)!.dir} and ${dir}`)
      }
      found.set(id, { id, dir, allowed: allowAll || allowList.includes(id) })
    }
  }

  return [...found.values()]
}

/**
 * Migration folders of the allowed plugins, relative to the app root, for
 * config/database.ts.
 */
export function pluginMigrationPaths(options: DiscoveryOptions): string[] {
  return discoverPluginFolders(options)
    .filter((plugin) => plugin.allowed)
    .map((plugin) => join(plugin.dir, 'database', 'migrations'))
    .filter((dir) => existsSync(dir))
    .map((dir) => relative(options.appRoot, dir))
}

/**
 * Test file globs of the allowed plugins for one Japa suite.
 */
export function pluginTestGlobs(options: DiscoveryOptions, suite: string): string[] {
  return discoverPluginFolders(options)
    .filter((plugin) => plugin.allowed)
    .map((plugin) => `${relative(options.appRoot, plugin.dir)}/tests/${suite}/**/*.spec(.ts|.js)`)
}

/**
 * Imports a plugin's manifest (plugin.js once built, plugin.ts under
 * ts-node) and checks it names the folder it lives in.
 */
export async function importPluginManifest(folder: PluginFolder): Promise<PluginManifest> {
  const entry = existsSync(join(folder.dir, 'plugin.js')) ? 'plugin.js' : 'plugin.ts'
  const { default: manifest }: { default?: PluginManifest } = await import(
    pathToFileURL(join(folder.dir, entry)).href
  )
  if (!manifest || manifest.id !== folder.id || !manifest.version || !manifest.name) {
    throw new Error(
      `plugins/${folder.id}/plugin.ts must export default definePlugin({ id: '${folder.id}', name, version, … })`
    )
  }
  return manifest
}
