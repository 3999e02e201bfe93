import { flags } from '@adonisjs/core/ace'
import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import cliProgress from 'cli-progress'
import {
  analyzeGeneratedTables,
  generateTickets,
  GENERATED_TABLES,
} from '#database/generators/ticket_generator'
import AtumCommand from './_atum_command.js'

const MAX_TICKETS = 1_000_000
const MAX_COMMENTS = 50

const validator = vine.compile(
  vine.object({
    tickets: vine.number().withoutDecimals().min(1).max(MAX_TICKETS),
    comments: vine.number().withoutDecimals().min(0).max(MAX_COMMENTS),
    seed: vine.number().withoutDecimals().optional(),
  })
)

/** One message per flag, naming it and its range. */
const TICKETS_MESSAGE = `--tickets must be a whole number from 1 to ${MAX_TICKETS.toLocaleString('en')}`
const COMMENTS_MESSAGE = `--comments-per-ticket must be a whole number from 0 to ${MAX_COMMENTS}`
const RULES = ['required', 'number', 'withoutDecimals', 'min', 'max']
const messages = new SimpleMessagesProvider(
  Object.fromEntries([
    ...RULES.map((rule) => [`tickets.${rule}`, TICKETS_MESSAGE]),
    ...RULES.map((rule) => [`comments.${rule}`, COMMENTS_MESSAGE]),
    ...RULES.map((rule) => [`seed.${rule}`, '--seed must be a whole number']),
  ])
)

/**
 * Fills an organization with generated tickets and conversations (for
 * demos, load tests and benchmarks): database/generators/ticket_generator.ts.
 */
export default class AtumGenerate extends AtumCommand {
  static commandName = 'atum:generate'
  static description = 'Fill an organization with realistic generated tickets and conversations'
  static help = [
    'Generates tickets with public replies and internal notes, from a small',
    'vocabulary of help-desk topics (VPN, printers, passwords, invoices, ...):',
    'statuses across the lifecycle with consistent timestamps, created over the',
    "last 180 days, requesters among the organization's customers and assignees",
    'among its agents and managers (a few are created when it has none).',
    '',
    '  {{ binaryName }} atum:generate --org=acme --tickets=100000 --comments-per-ticket=3',
    '',
    "Numbers continue the organization's own (ATUM-n, gap-free). Rows are written",
    'in batches of 1,000 tickets, each batch in its own transaction: stopping the',
    'command keeps the batches already written.',
    'The audit trail gets ONE event, tickets.generated {count, comments, first,',
    'last}, not one per ticket; no notifications or live updates are sent.',
    'At the end it runs ANALYZE on the tables it filled (autovacuum may be off).',
  ]

  @flags.string({ description: 'Required. Slug of the organization to fill' })
  declare org?: string

  @flags.string({ description: `Required. Number of tickets (1 to ${MAX_TICKETS})` })
  declare tickets?: string

  @flags.string({
    description: `Comments on each ticket (0 to ${MAX_COMMENTS})`,
    default: '3',
  })
  declare commentsPerTicket: string

  @flags.string({ description: 'Seed of the random choices, to generate the same data again' })
  declare seed?: string

  async run() {
    if (this.missingFlags(['org', 'tickets'], 'for example --org=acme --tickets=1000')) return

    const input = await this.validate(
      validator,
      { tickets: this.tickets, comments: this.commentsPerTicket, seed: this.seed },
      messages
    )
    if (!input) return

    const organization = await this.findOrganization(this.org)
    if (!organization) return

    // A bar on a terminal; tests and pipes get the final line only.
    const bar =
      this.app.inTest || !process.stderr.isTTY
        ? null
        : new cliProgress.SingleBar(
            {
              format:
                'Generating [{bar}] {percentage}% | {value}/{total} tickets | {eta_formatted} left',
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic
          )
    bar?.start(input.tickets, 0)
    try {
      const result = await this.attempt(() =>
        generateTickets(organization, {
          tickets: input.tickets,
          commentsPerTicket: input.comments,
          seed: input.seed,
          onProgress: (done) => bar?.update(done),
        })
      )
      bar?.stop()
      if (!result) return

      for (const email of result.createdUsers) this.logger.info(`Created ${email}`)
      const seconds = (result.durationMs / 1000).toFixed(1)
      const range =
        result.firstNumber === null
          ? ''
          : ` (ATUM-${result.firstNumber} to ATUM-${result.lastNumber})`
      this.logger.success(
        `Generated ${result.tickets} tickets${range} and ${result.comments} comments in ${organization.name} in ${seconds} s`
      )
      // Statistics now, not whenever autovacuum (often off) gets to it.
      const analyzeMs = await analyzeGeneratedTables()
      this.logger.info(
        `Analyzed ${GENERATED_TABLES.join(', ')} for the query planner in ${(analyzeMs / 1000).toFixed(1)} s`
      )
    } finally {
      bar?.stop()
    }
  }
}
