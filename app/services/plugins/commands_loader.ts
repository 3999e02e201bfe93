import { fileURLToPath } from 'node:url'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { CommandMetaData } from '@adonisjs/core/types/ace'
import env from '#start/env'
import { discoverPluginFolders, importPluginManifest } from '#services/plugins/discovery'

/**
 * Ace commands loader (listed in adonisrc.ts) for the commands that allowed
 * plugins declare in their manifest. It runs before the app boots, so it
 * discovers plugins by itself.
 */
let commands: Map<string, typeof BaseCommand> | undefined

async function loadCommands() {
  if (commands) return commands
  commands = new Map()

  const folders = discoverPluginFolders({
    appRoot: fileURLToPath(new URL('../../../', import.meta.url)),
    paths: env.get('PLUGINS_PATHS'),
    allow: env.get('PLUGINS_ALLOW'),
  }).filter((folder) => folder.allowed)

  for (const folder of folders) {
    const manifest = await importPluginManifest(folder)
    for (const importCommand of manifest.commands ?? []) {
      const { default: command } = await importCommand()
      commands.set(command.commandName, command)
    }
  }
  return commands
}

export async function getMetaData(): Promise<CommandMetaData[]> {
  const loaded = await loadCommands()
  return [...loaded.values()].map((command) => command.serialize())
}

export async function getCommand(metaData: CommandMetaData): Promise<typeof BaseCommand | null> {
  const loaded = await loadCommands()
  return loaded.get(metaData.commandName) ?? null
}
