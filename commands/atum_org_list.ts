import { flags } from '@adonisjs/core/ace'
import Organization from '#models/organization'
import AtumCommand from './_atum_command.js'

/**
 * Lists the tenants with their number of active members.
 */
export default class AtumOrgList extends AtumCommand {
  static commandName = 'atum:org:list'
  static description = 'List the organizations with their number of active members'
  static help = [
    'Prints id, name, slug, time zone and active members of every organization.',
    'Use --json for scripts: an array of {id, name, slug, time_zone, member_count}.',
  ]

  @flags.boolean({ description: 'Print JSON instead of a table' })
  declare json: boolean

  async run() {
    const organizations = await Organization.query()
      .withCount('memberships', (memberships) => memberships.whereNull('disabled_at'))
      .orderBy('id')
    const rows = organizations.map((organization) => ({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      time_zone: organization.timeZone,
      member_count: Number(organization.$extras.memberships_count),
    }))

    if (this.json) {
      this.logger.log(JSON.stringify(rows, null, 2))
      return
    }

    if (rows.length === 0) {
      this.logger.info('No organizations yet. Create one with atum:org:create <name> --slug=<slug>')
      return
    }

    const table = this.ui.table()
    table.head(['Id', 'Name', 'Slug', 'Time zone', 'Members'])
    for (const row of rows) {
      table.row([String(row.id), row.name, row.slug, row.time_zone, String(row.member_count)])
    }
    table.render()
  }
}
