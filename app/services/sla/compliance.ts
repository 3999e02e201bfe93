import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { TICKET_PRIORITIES, type TicketPriority } from '#models/ticket'

export interface ComplianceRow {
  priority: TicketPriority
  tickets: number
  firstResponse: { met: number; missed: number; share: number | null }
  resolution: { met: number; missed: number; share: number | null }
}

/**
 * SLA compliance per priority for tickets created in a date range (the
 * organization's days, inclusive): how many first responses and
 * resolutions met their target and how many missed it. Tickets still
 * pending count in neither. One grouped query (tickets_created_idx).
 */
export async function slaCompliance(
  organizationId: number,
  range: { from: DateTime; to: DateTime }
): Promise<ComplianceRow[]> {
  const rows = (await db
    .from('tickets')
    .where('organization_id', organizationId)
    .whereNotNull('resolution_target')
    .where('created_at', '>=', range.from.startOf('day').toJSDate())
    .where('created_at', '<', range.to.plus({ days: 1 }).startOf('day').toJSDate())
    .groupBy('priority')
    .select(
      'priority',
      db.raw('count(*)::int AS tickets'),
      db.raw(
        'count(*) FILTER (WHERE first_response_at IS NOT NULL AND first_response_breached_at IS NULL)::int AS fr_met'
      ),
      db.raw('count(*) FILTER (WHERE first_response_breached_at IS NOT NULL)::int AS fr_missed'),
      db.raw(
        `count(*) FILTER (WHERE status IN ('resolved','closed') AND resolution_breached_at IS NULL)::int AS res_met`
      ),
      db.raw('count(*) FILTER (WHERE resolution_breached_at IS NOT NULL)::int AS res_missed')
    )) as Array<{
    priority: TicketPriority
    tickets: number
    fr_met: number
    fr_missed: number
    res_met: number
    res_missed: number
  }>
  const share = (met: number, missed: number) => (met + missed === 0 ? null : met / (met + missed))
  return [...TICKET_PRIORITIES].reverse().map((priority) => {
    const row = rows.find((candidate) => candidate.priority === priority)
    const [frMet, frMissed, resMet, resMissed] = row
      ? [row.fr_met, row.fr_missed, row.res_met, row.res_missed].map(Number)
      : [0, 0, 0, 0]
    return {
      priority,
      tickets: row ? Number(row.tickets) : 0,
      firstResponse: { met: frMet, missed: frMissed, share: share(frMet, frMissed) },
      resolution: { met: resMet, missed: resMissed, share: share(resMet, resMissed) },
    }
  })
}
