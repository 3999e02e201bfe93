import db from '@adonisjs/lucid/services/db'
import type Membership from '#models/membership'
import { OPEN_STATUSES, TICKET_STATUSES, type TicketStatus } from '#models/ticket'
import TicketPolicy from '#policies/ticket_policy'
import { breachingSoon, visibleTickets } from '#queries/ticket_scope'
import type { TicketFilters } from '#services/search/ticket_list'

/** The inbox views of listTickets. */
export type InboxView = NonNullable<TicketFilters['view']>

export interface TicketCounts {
  /** The inbox views of listTickets, same definitions. */
  views: Record<InboxView, number>
  byStatus: Record<TicketStatus, number>
}

/** Tickets of one status, split by whether nobody or the member is the assignee. */
interface CountRow {
  status: TicketStatus
  unassigned: boolean
  mine: boolean
  total: number
}

/**
 * How many tickets the member sees in each inbox view and each status (the
 * desk's tabs and dashboard).
 *
 * Staff (and customers of an organization that shares its tickets) see
 * every ticket of the organization: their counts come from
 * ticket_status_counts, which triggers on `tickets` keep exact in each
 * change's own transaction (a few rows per status and assignee, instead of
 * a scan of every ticket). A customer's own tickets are few and reached by
 * tickets_requester_idx: counted directly. Breaching soon depends on the
 * time, not the status: its own count (an index range).
 */
export async function ticketCounts(membership: Membership): Promise<TicketCounts> {
  const { views, byStatus } = tally(await countRows(membership))
  return { views: { ...views, breaching: await breachingCount(membership) }, byStatus }
}

/**
 * The exact number of tickets in an inbox view with no other filter and no
 * search (`undefined`: no view, every ticket the member sees), from the
 * same counts as the tabs: a paginator can take it instead of a count(*).
 * Not for lists narrowed to one requester (the portal's "my requests").
 */
export async function viewTotal(membership: Membership, view: InboxView | undefined) {
  if (view === 'breaching') return breachingCount(membership)
  return tally(await countRows(membership)).views[view ?? 'all']
}

async function countRows(membership: Membership): Promise<CountRow[]> {
  const query = new TicketPolicy().viewAll(membership)
    ? db
        .from('ticket_status_counts')
        .where('organization_id', membership.organizationId)
        .select(
          'status',
          db.raw('(assignee_id = 0) AS unassigned'),
          db.raw('(assignee_id = ?) AS mine', [membership.userId]),
          db.raw('sum(count) AS total')
        )
    : visibleTickets(membership)
        .select(
          'tickets.status',
          db.raw('(tickets.assignee_id IS NULL) AS unassigned'),
          db.raw('(tickets.assignee_id IS NOT DISTINCT FROM ?) AS mine', [membership.userId]),
          db.raw('count(*) AS total')
        )
        .pojo()
  return (await query.groupByRaw('1, 2, 3')) as CountRow[]
}

async function breachingCount(membership: Membership) {
  const [{ breaching }] = (await breachingSoon(visibleTickets(membership))
    .count('* as breaching')
    .pojo()) as Array<{ breaching: number }>
  return Number(breaching)
}

/** The views and statuses from the grouped rows (the view definitions of listTickets). */
function tally(rows: CountRow[]) {
  const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<
    TicketStatus,
    number
  >
  const views = { unassigned: 0, mine: 0, open: 0, waiting: 0, resolved: 0, all: 0 }
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
