import db from '@adonisjs/lucid/services/db'
import type { Infer } from '@vinejs/vine/types'
import type Membership from '#models/membership'
import { DateTime } from 'luxon'
import { OPEN_STATUSES, SLA_RUNNING_STATUSES } from '#models/ticket'
import { visibleTickets } from '#queries/ticket_scope'
import type { ticketFiltersValidator } from '#validators/tickets'
import CommentPolicy from '#policies/comment_policy'

export type TicketFilters = Infer<typeof ticketFiltersValidator>

/** "Breaching soon" looks this far ahead (real time), overdue tickets included. */
export const BREACHING_SOON_HOURS = 4

/**
 * Running tickets whose next SLA target (the first response while pending,
 * else the resolution) is due within the window or already passed: the
 * partial index tickets_sla_next_due_idx holds exactly these rows.
 */
export function breachingSoon(query: ReturnType<typeof visibleTickets>) {
  query
    .whereIn('tickets.status', [...SLA_RUNNING_STATUSES])
    .whereNotNull('tickets.sla_next_due_at')
    .where(
      'tickets.sla_next_due_at',
      '<=',
      DateTime.now().plus({ hours: BREACHING_SOON_HOURS }).toJSDate()
    )
  return query
}

/**
 * One page of the tickets a member may see, filtered, searched and sorted
 * in PostgreSQL (never in memory), for the desk inbox, the portal list and
 * GET /api/v1/tickets alike.
 *
 * Views: unassigned (new, nobody assigned), mine (assigned to me, open),
 * open, waiting (on the customer), resolved (recently resolved), all.
 * `assignee` is a user id, "me" or "none". `q` is full-text search over
 * subject, description and the comments the member may see (internal
 * notes only for staff), ranked by relevance.
 *
 * `scope.requesterId` narrows the list to one requester's tickets (the
 * portal's "my requests", which staff see too for their own requests).
 */
export async function listTickets(
  membership: Membership,
  filters: TicketFilters,
  scope: { requesterId?: number } = {}
) {
  const page = filters.page ?? 1
  const perPage = filters.per_page ?? 25
  const query = visibleTickets(membership)
  if (scope.requesterId !== undefined) query.where('tickets.requester_id', scope.requesterId)

  switch (filters.view) {
    case 'unassigned':
      query.where('tickets.status', 'new').whereNull('tickets.assignee_id')
      break
    case 'mine':
      query
        .where('tickets.assignee_id', membership.userId)
        .whereIn('tickets.status', [...OPEN_STATUSES])
      break
    case 'open':
      query.whereIn('tickets.status', [...OPEN_STATUSES])
      break
    case 'waiting':
      query.where('tickets.status', 'waiting_customer')
      break
    case 'resolved':
      query.where('tickets.status', 'resolved')
      break
    case 'breaching':
      breachingSoon(query)
      break
  }
  if (filters.status) query.where('tickets.status', filters.status)
  if (filters.priority) query.where('tickets.priority', filters.priority)
  if (filters.tag) query.whereRaw('tickets.tags @> ARRAY[?]::text[]', [filters.tag.toLowerCase()])
  if (filters.assignee === 'me') query.where('tickets.assignee_id', membership.userId)
  else if (filters.assignee === 'none') query.whereNull('tickets.assignee_id')
  else if (filters.assignee && /^\d+$/.test(filters.assignee)) {
    query.where('tickets.assignee_id', Number(filters.assignee))
  }

  if (filters.q) {
    const includeInternal = new CommentPolicy().viewInternal(membership)
    const tsquery = `websearch_to_tsquery('simple', ?)`
    // The matching ids come from one GIN lookup per table, then the tickets
    // by primary key: an OR with a correlated EXISTS made PostgreSQL test
    // every ticket of the organization (seconds with 100,000 tickets), and
    // an IN (…) join read them all (bench/README.md).
    const publicOnly = includeInternal ? '' : ` AND ticket_comments.visibility = 'public'`
    query
      .whereRaw(
        `tickets.id = ANY(ARRAY(
          SELECT matched.id FROM tickets AS matched
           WHERE matched.organization_id = ? AND matched.search @@ ${tsquery}
          UNION
          SELECT ticket_comments.ticket_id FROM ticket_comments
           WHERE ticket_comments.organization_id = ? AND ticket_comments.search @@ ${tsquery}${publicOnly}
        ))`,
        [membership.organizationId, filters.q, membership.organizationId, filters.q]
      )
      .select(db.raw(`ts_rank(tickets.search, ${tsquery}) AS search_rank`, [filters.q]))
      .orderBy('search_rank', 'desc')
  }

  // Breaching soon: the nearest due date first, unless another sort is asked for.
  const defaultSort = filters.view === 'breaching' ? 'due' : '-updated'
  switch (filters.sort ?? (filters.q ? undefined : defaultSort)) {
    case 'due':
      query.orderByRaw('tickets.sla_next_due_at ASC NULLS LAST')
      break
    case 'updated':
      query.orderBy('tickets.updated_at', 'asc')
      break
    case '-updated':
      query.orderBy('tickets.updated_at', 'desc')
      break
    case 'created':
      query.orderBy('tickets.created_at', 'asc')
      break
    case '-created':
      query.orderBy('tickets.created_at', 'desc')
      break
    case 'priority':
      query.orderByRaw(
        `CASE tickets.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`
      )
      break
    case 'number':
      query.orderBy('tickets.number', 'desc')
      break
  }
  query.orderBy('tickets.id', 'desc')

  return query.select('tickets.*').preload('requester').preload('assignee').paginate(page, perPage)
}
