import db from '@adonisjs/lucid/services/db'
import Ticket from '#models/ticket'
import type { ReportRange } from './report_range.js'

/** Tickets shown per page of the report's "per ticket" table. */
export const TICKETS_PER_PAGE = 25

export interface TimeFigures {
  total: number
  billable: number
  nonBillable: number
}

export interface TimeReport {
  range: ReportRange
  organization: TimeFigures & { name: string; entries: number; tickets: number }
  agents: Array<TimeFigures & { userId: number; name: string }>
  tickets: Array<TimeFigures & { ticketId: number; reference: string; subject: string }>
  ticketPage: { current: number; last: number }
  /** The longest bar of the per-agent chart, in minutes. */
  chartMax: number
}

const FIGURES = `
  coalesce(sum(e.minutes), 0)::int AS total,
  coalesce(sum(e.minutes) FILTER (WHERE e.billable), 0)::int AS billable,
  coalesce(sum(e.minutes) FILTER (WHERE NOT e.billable), 0)::int AS non_billable`

const WHERE = `e.organization_id = ? AND e.work_date BETWEEN ?::date AND ?::date`

interface FigureRow {
  total: number
  billable: number
  non_billable: number
}

const figures = (row: FigureRow): TimeFigures => ({
  total: row.total,
  billable: row.billable,
  nonBillable: row.non_billable,
})

/**
 * An organization's logged time over a range: its total, per agent and
 * per ticket (a page of tickets at a time), billable and not, summed in
 * PostgreSQL on the (organization_id, work_date) index.
 */
export async function timeReport(
  organization: { id: number; name: string },
  range: ReportRange,
  page = 1
): Promise<TimeReport> {
  const bindings = [organization.id, range.from, range.to]

  const { rows: totals } = await db.rawQuery(
    `SELECT ${FIGURES}, count(*)::int AS entries, count(DISTINCT e.ticket_id)::int AS tickets
       FROM time_entries e WHERE ${WHERE}`,
    bindings
  )

  const { rows: agents } = await db.rawQuery(
    `SELECT e.user_id, u.full_name, ${FIGURES}
       FROM time_entries e JOIN users u ON u.id = e.user_id
      WHERE ${WHERE}
      GROUP BY e.user_id, u.full_name
      ORDER BY total DESC, u.full_name, e.user_id`,
    bindings
  )

  const last = Math.max(1, Math.ceil(totals[0].tickets / TICKETS_PER_PAGE))
  const current = Math.min(Math.max(1, page), last)
  const { rows: tickets } = await db.rawQuery(
    `SELECT t.id, t.number, t.subject, ${FIGURES}
       FROM time_entries e
       JOIN tickets t ON t.id = e.ticket_id AND t.organization_id = e.organization_id
      WHERE ${WHERE}
      GROUP BY t.id, t.number, t.subject
      ORDER BY total DESC, t.number
      LIMIT ? OFFSET ?`,
    [...bindings, TICKETS_PER_PAGE, (current - 1) * TICKETS_PER_PAGE]
  )

  const agentRows = (agents as Array<FigureRow & { user_id: number; full_name: string }>).map(
    (row) => ({ userId: row.user_id, name: row.full_name, ...figures(row) })
  )
  return {
    range,
    organization: {
      name: organization.name,
      entries: totals[0].entries,
      tickets: totals[0].tickets,
      ...figures(totals[0]),
    },
    agents: agentRows,
    tickets: (tickets as Array<FigureRow & { id: number; number: number; subject: string }>).map(
      (row) => ({
        ticketId: Number(row.id),
        reference: Ticket.reference(row.number),
        subject: row.subject,
        ...figures(row),
      })
    ),
    ticketPage: { current, last },
    chartMax: Math.max(0, ...agentRows.map((row) => row.total)),
  }
}

/** 95 → "1 h 35 min"; 60 → "1 h"; 5 → "5 min". */
export function formatMinutes(minutes: number) {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}
