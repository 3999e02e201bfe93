import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Lists the plugins found on this server and whether PLUGINS_ALLOW lets
 * them run. Organizations switch allowed plugins on and off in the desk.
 */
export default class PluginsList extends BaseCommand {
  static commandName = 'plugins:list'
  static description = 'List the plugins found in the plugin folders'
  static help = [
    'Prints id, name, version and whether each plugin is enabled on this server.',
    'A plugin is enabled globally unless PLUGINS_ALLOW leaves it out.',
  ]

  static options: CommandOptions = {
    startApp: true,
  }

  @flags.boolean({ description: 'Print JSON instead of a table' })
  declare json: boolean

  async run() {
    const plugins = await this.app.container.make('plugins')
    const rows = plugins.all().map((plugin) => ({
      id: plugin.id,
      name: plugin.manifest.name,
      version: plugin.manifest.version,
      enabled: plugin.allowed,
      path: plugin.dir,
    }))

    if (this.json) {
      this.logger.log(JSON.stringify(rows, null, 2))
      return
    }

    if (rows.length === 0) {
      this.logger.info('No plugins found. Plugin folders: plugins/<id>/plugin.ts')
      return
    }

    const table = this.ui.table()
    table.head(['Id', 'Name', 'Version', 'Enabled globally'])
    for (const row of rows) {
      table.row([
        row.id,
        row.name,
        row.version,
        row.enabled ? this.colors.green('yes') : this.colors.red('no'),
      ])
    }
    table.render()
  }
}
