import db from '@adonisjs/lucid/services/db'
import type Membership from '#models/membership'
import { OPEN_STATUSES, TICKET_STATUSES, type TicketStatus } from '#models/ticket'
import { visibleTickets } from '#queries/ticket_scope'
import { breachingSoon } from '#services/search/ticket_list'

export interface TicketCounts {
  /** The inbox views of listTickets, same definitions. */
  views: Record<
    'unassigned' | 'mine' | 'open' | 'breaching' | 'waiting' | 'resolved' | 'all',
    number
  >
  byStatus: Record<TicketStatus, number>
}

/**
 * How many tickets the member sees in each inbox view and each status,
 * from one grouped query in PostgreSQL (the desk's tabs and dashboard).
 */
export async function ticketCounts(membership: Membership): Promise<TicketCounts> {
  const rows = (await visibleTickets(membership)
    .select(
      'tickets.status',
      db.raw('(tickets.assignee_id IS NULL) AS unassigned'),
      db.raw('(tickets.assignee_id IS NOT DISTINCT FROM ?) AS mine', [membership.userId]),
      db.raw('count(*)::int AS total')
    )
    .groupByRaw('1, 2, 3')
    .pojo()) as Array<{ status: TicketStatus; unassigned: boolean; mine: boolean; total: number }>

  const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<
    TicketStatus,
    number
  >
  // Breaching soon depends on the time, not the status: its own count (an index range).
  const [{ breaching }] = (await breachingSoon(visibleTickets(membership))
    .count('* as breaching')
    .pojo()) as Array<{ breaching: number }>
  const views = {
    unassigned: 0,
    mine: 0,
    open: 0,
    breaching: Number(breaching),
    waiting: 0,
    resolved: 0,
    all: 0,
  }
  for (const row of rows) {
    const total = Number(row.total)
    byStatus[row.status] += total
    views.all += total
    const open = OPEN_STATUSES.includes(row.status)
    if (open) views.open += total
    if (open && row.mine) views.mine += total
    if (row.status === 'new' && row.unassigned) views.unassigned += total
    if (row.status === 'waiting_customer') views.waiting += total
    if (row.status === 'resolved') views.resolved += total
  }
  return { views, byStatus }
}
