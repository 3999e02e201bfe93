import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { flags } from '@adonisjs/core/ace'
import Actor from '#actions/actor'
import AtumCommand from '#kit/command'
import ExportTimeCsv from '../actions/export_time_csv.js'
import { checkReportRange } from '../services/report_range.js'

/**
 * Writes an organization's time entries over a date range as CSV: the
 * same bytes as the report page's "Download CSV" (ExportTimeCsv).
 */
export default class TimeExport extends AtumCommand {
  static commandName = 'time:export'
  static description = "Export an organization's logged time as CSV"
  static help = [
    'Writes one row per time entry whose day is within --from and --to (both included).',
    '',
    '  {{ binaryName }} time:export --org=acme --from=2026-11-01 --to=2026-11-30 --output=time.csv',
    '',
    'Without --output the CSV goes to standard output. The file is UTF-8 with a byte',
    'order mark; text cells that start with = + - @ (or a tab) get a leading apostrophe',
    'so that spreadsheet programs never run them as formulas.',
  ]

  @flags.string({ description: 'Required. Slug of the organization' })
  declare org?: string

  @flags.string({ description: 'Required. First day, YYYY-MM-DD' })
  declare from?: string

  @flags.string({ description: 'Required. Last day, YYYY-MM-DD' })
  declare to?: string

  @flags.string({ description: 'File to write (default: standard output)' })
  declare output?: string

  async run() {
    if (this.missingFlags(['org', 'from', 'to'], 'dates as YYYY-MM-DD')) return

    const checked = await checkReportRange({ from: this.from, to: this.to }, 'flags')
    if (!checked.range) {
      this.fail(Object.values(checked.errors).filter(Boolean).join('. '))
      return
    }
    const organization = await this.findOrganization(this.org)
    if (!organization) return

    const target = this.output ? resolve(this.output) : null
    if (target && !(await isFolder(dirname(target)))) {
      this.fail(`Cannot write ${this.output}: the folder ${dirname(target)} does not exist`)
      return
    }

    const { chunks } = ExportTimeCsv.handle(Actor.system(organization), { range: checked.range })
    try {
      await pipeline(Readable.from(chunks), target ? createWriteStream(target) : stdout())
    } catch (error) {
      const code = (error as { code?: string }).code
      // A file that cannot be written (EACCES, EISDIR…) is the user's to fix.
      if (!target || !code?.startsWith('E')) throw error
      this.fail(`Cannot write ${this.output} (${code})`)
      return
    }
    if (target) this.logger.success(`Wrote ${this.output}`)
  }
}

async function isFolder(path: string) {
  return stat(path).then(
    (found) => found.isDirectory(),
    () => false
  )
}

/** Standard output, left open once the CSV is written (ace still prints after). */
function stdout() {
  return new Writable({
    write(chunk, _encoding, done) {
      process.stdout.write(chunk, done)
    },
  })
}
