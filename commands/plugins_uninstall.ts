import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import env from '#start/env'
import { PLUGIN_ID } from '#services/plugins/discovery'
import {
  missingMigrationFiles,
  recordedMigrationsOf,
  uninstallPlugin,
} from '#services/plugins/uninstall'

/**
 * Takes a plugin out of the database before its folder is deleted: rolls
 * back its migrations (drops its tables), removes them from adonis_schema
 * and forgets the organizations' choices and settings of it. Deleting a
 * folder whose migrations ran, without this, leaves adonis_schema naming
 * files that no longer exist, and `migration:rollback` fails.
 */
export default class PluginsUninstall extends BaseCommand {
  static commandName = 'plugins:uninstall'
  static description =
    "Roll back a plugin's migrations (drop its tables) before deleting its folder"
  static help = [
    'Run it while the plugin folder is still in place, then delete the folder:',
    '  node ace plugins:uninstall kb && rm -r plugins/kb',
    'Its data is gone for good: back the database up first.',
  ]

  static options: CommandOptions = {
    startApp: true,
  }

  @args.string({ description: 'Id of the plugin (its folder name), e.g. kb' })
  declare id: string

  @flags.boolean({ description: 'Confirm in production (its tables and data are dropped)' })
  declare force: boolean

  async run() {
    const id = this.id?.trim() ?? ''
    if (!PLUGIN_ID.test(id)) {
      return this.fail(
        `"${id}" is not a plugin id: the name of its folder, in lower-case letters, digits and underscores, starting with a letter (e.g. kb). See node ace plugins:list.`
      )
    }
    if (this.app.inProduction && !this.force) {
      return this.fail(
        `This drops the tables of "${id}" and everything in them. Back the database up, then run it again with --force.`
      )
    }

    const registry = await this.app.container.make('plugins')
    const plugin = registry.all().find((found) => found.id === id)
    const recorded = await recordedMigrationsOf(id)
    const paths = env.get('PLUGINS_PATHS') || 'plugins'

    if (!plugin) {
      if (recorded.length === 0) {
        return this.fail(
          `No plugin "${id}": no folder ${id}/ in the plugin folders (PLUGINS_PATHS=${paths}) and no migrations of it in the database.`
        )
      }
      const folder = recorded[0].name.split('/').slice(0, -3).join('/')
      return this.fail(
        [
          `The folder of plugin "${id}" is missing, but ${recorded.length} of its migrations ran on this database (${recorded.map((migration) => migration.name).join(', ')}).`,
          `Its migrations are rolled back from the folder's files, so put the folder back first: restore ${folder}/ (git checkout -- ${folder}, or copy the same version of the plugin there),`,
          `then run node ace plugins:uninstall ${id}, and delete the folder afterwards.`,
        ].join('\n')
      )
    }

    const missing = missingMigrationFiles(plugin.dir, recorded)
    if (missing.length > 0) {
      return this.fail(
        `The folder ${plugin.dir} lacks migrations that ran on this database (${missing.map((migration) => migration.name).join(', ')}): put back the version of the plugin that ran them, then run this again.`
      )
    }

    const rolledBack = await uninstallPlugin(id, plugin.dir)
    const folder = relative(fileURLToPath(this.app.appRoot), plugin.dir) || plugin.dir
    if (rolledBack.length === 0) {
      this.logger.info(`Plugin "${id}" had no migrations to roll back.`)
    } else {
      for (const name of rolledBack) this.logger.info(`Rolled back ${name}`)
    }
    this.logger.success(`Plugin "${id}" is out of the database. You may now delete ${folder}/.`)
  }

  /** A refusal: one line (or a few) on stderr, exit code 1. */
  private fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }
}
