import db from '@adonisjs/lucid/services/db'
import { stringify, type Options } from 'csv-stringify/sync'
import Ticket from '#models/ticket'
import type { ReportRange } from './report_range.js'

export const CSV_COLUMNS = [
  'Date',
  'Ticket',
  'Subject',
  'Agent',
  'Agent email',
  'Minutes',
  'Hours',
  'Billable',
  'Note',
]

/** Rows read per query: the export never holds more in memory. */
const BATCH = 1000

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or
 * carriage return, which some treat the same) as a formula: such text gets
 * a leading apostrophe, so it is shown as typed and never run.
 */
export function neutralizeFormula(value: string) {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

const OPTIONS: Options = {
  // RFC 4180 line ends. With them csv-stringify quotes only a field holding
  // "\r\n": a note's lone line feed or carriage return needs quotes too, or
  // spreadsheet programs split the row there.
  record_delimiter: 'windows',
  quoted_match: /[\r\n]/,
  cast: {
    string: neutralizeFormula,
    boolean: (value) => (value ? 'yes' : 'no'),
  },
}

interface ExportRow {
  id: number
  day: string
  number: number
  subject: string
  full_name: string
  email: string
  minutes: number
  billable: boolean
  note: string | null
}

/**
 * The CSV of an organization's time entries over a range, in chunks (one
 * per batch of rows, read in PostgreSQL by keyset on the report index):
 * UTF-8 with a byte order mark, so spreadsheet programs read accents right,
 * a header row, fields quoted and escaped by csv-stringify.
 */
export async function* timeCsvChunks(
  organizationId: number,
  range: ReportRange
): AsyncGenerator<string> {
  yield stringify([], { ...OPTIONS, bom: true, header: true, columns: CSV_COLUMNS })

  let after: { day: string; id: number } | null = null
  while (true) {
    const query = db
      .from('time_entries as e')
      .join('tickets as t', (join) => {
        join.on('t.id', 'e.ticket_id').andOn('t.organization_id', 'e.organization_id')
      })
      .join('users as u', 'u.id', 'e.user_id')
      .where('e.organization_id', organizationId)
      .whereBetween('e.work_date', [range.from, range.to])
      .orderBy([
        { column: 'e.work_date', order: 'asc' },
        { column: 'e.id', order: 'asc' },
      ])
      .limit(BATCH)
      .select(
        'e.id',
        db.raw(`to_char(e.work_date, 'YYYY-MM-DD') AS day`),
        't.number',
        't.subject',
        'u.full_name',
        'u.email',
        'e.minutes',
        'e.billable',
        'e.note'
      )
    if (after) {
      query.whereRaw('(e.work_date, e.id) > (?::date, ?)', [after.day, after.id])
    }
    const rows: ExportRow[] = await query
    if (rows.length === 0) return

    yield stringify(
      rows.map((row) => [
        row.day,
        Ticket.reference(row.number),
        row.subject,
        row.full_name,
        row.email,
        row.minutes,
        (row.minutes / 60).toFixed(2),
        row.billable,
        row.note ?? '',
      ]),
      OPTIONS
    )
    if (rows.length < BATCH) return
    const last = rows[rows.length - 1]
    after = { day: last.day, id: Number(last.id) }
  }
}
