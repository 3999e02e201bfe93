import { flags } from '@adonisjs/core/ace'
import cliProgress from 'cli-progress'
import RecalculateSla from '#actions/sla/recalculate_sla'
import AtumCommand from './_atum_command.js'

/**
 * Recomputes the due dates of open tickets from the current SLA policies
 * and calendars, e.g. after a holiday was added to a calendar.
 */
export default class SlaRecalculate extends AtumCommand {
  static commandName = 'sla:recalculate'
  static description =
    'Recompute the SLA due dates of open tickets (after a calendar or policy change)'
  static help = [
    "Each open ticket gets the targets of its priority's current policy; its",
    'due dates are computed again from its creation, with the business',
    'minutes of its finished pauses given back in the current calendar.',
    "Every change is written to the ticket's SLA timeline.",
    '',
    '  {{ binaryName }} sla:recalculate',
    '  {{ binaryName }} sla:recalculate --org=acme',
  ]

  @flags.string({ description: 'Slug of one organization (default: all of them)' })
  declare org?: string

  async run() {
    let organizationId: number | undefined
    if (this.org !== undefined) {
      const organization = await this.findOrganization(this.org)
      if (!organization) return
      organizationId = organization.id
    }

    // A bar on a terminal; tests and pipes get the final line only.
    const bar =
      this.app.inTest || !process.stderr.isTTY
        ? null
        : new cliProgress.SingleBar(
            {
              format:
                'Recalculating [{bar}] {percentage}% | {value}/{total} open tickets | {eta_formatted} left',
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic
          )
    try {
      const result = await this.attempt(() =>
        RecalculateSla.handle(this.actor, {
          organizationId,
          onStart: (total) => bar?.start(total, 0),
          onProgress: (done) => bar?.update(done),
        })
      )
      bar?.stop()
      if (!result) return
      const where = this.org ? ` of ${this.org}` : ''
      this.logger.success(
        `Recalculated ${result.tickets} open ticket${result.tickets === 1 ? '' : 's'}${where}: ${result.changed} got new due dates`
      )
    } finally {
      bar?.stop()
    }
  }
}
