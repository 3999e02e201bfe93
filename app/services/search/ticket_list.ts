import db from '@adonisjs/lucid/services/db'
import type { Infer } from '@vinejs/vine/types'
import type Membership from '#models/membership'
import { OPEN_STATUSES } from '#models/ticket'
import { breachingSoon, visibleTickets } from '#queries/ticket_scope'
import type { ticketFiltersValidator } from '#validators/tickets'
import CommentPolicy from '#policies/comment_policy'
import { COUNT_CAP, paginateCapped } from '#queries/capped_pagination'
import { viewTotal, type TicketCounts } from '#services/search/ticket_counts'

export type TicketFilters = Infer<typeof ticketFiltersValidator>

/** What listTickets is told besides the filters. */
export interface ListScope {
  /** Only this requester's tickets (the portal's "my requests"). */
  requesterId?: number
  /**
   * The exact number of tickets of this very list, when the caller knows it
   * (the counters of an unfiltered view): the list is then not counted.
   */
  knownTotal?: number
  /**
   * The member's tab counts when the caller has them already (the desk
   * inbox): a plain view's total is read from them, not counted again.
   */
  counts?: TicketCounts
}

/**
 * Candidates of a search: the most recent this many tickets whose own text
 * matches, and as many matching only by a comment. Ranking every match of
 * a common word cost seconds ("vpn": 15,000 matches ranked and counted per
 * page); a GIN index cannot return rows in rank order, but PostgreSQL can
 * stop after N rows, reading the primary key backwards and testing each
 * ticket for a common word, or taking the few matches of a rare word from
 * the per-organization GIN index and sorting them. One more than the count
 * cap: a branch that fills up makes the list "1,000+".
 */
export const SEARCH_CANDIDATES = COUNT_CAP + 1

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
 * The total is exact up to COUNT_CAP rows (or `scope.knownTotal`); past it
 * the page says so (`totalCapped`, see #queries/capped_pagination).
 */
export async function listTickets(
  membership: Membership,
  filters: TicketFilters,
  scope: ListScope = {}
) {
  const page = filters.page ?? 1
  const perPage = filters.per_page ?? 25
  const query = filters.q
    ? searchTickets(membership, filters, scope, filters.q)
    : filteredTickets(membership, filters, scope)

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

  query.select('tickets.*').preload('requester').preload('assignee')
  return paginateCapped(query, {
    page,
    perPage,
    knownTotal: scope.knownTotal ?? (await plainViewTotal(membership, filters, scope)),
    // A search computes all its candidates to rank them: it counts them too.
    totalColumn: filters.q ? 'search_matches' : undefined,
  })
}

/**
 * A view with no filter, no search and no requester narrowing has its
 * exact total in the counters (ticket_status_counts, kept by triggers):
 * the inbox's default page is then never counted row by row.
 */
async function plainViewTotal(membership: Membership, filters: TicketFilters, scope: ListScope) {
  const narrowed =
    filters.q || filters.status || filters.priority || filters.tag || filters.assignee
  if (narrowed || scope.requesterId !== undefined) return undefined
  if (scope.counts) return scope.counts.views[filters.view ?? 'all']
  return viewTotal(membership, filters.view)
}

/** The tickets of the view and filters, as the member may see them (no search, no order). */
function filteredTickets(membership: Membership, filters: TicketFilters, scope: ListScope) {
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
  return query
}

/**
 * The text-search configuration of the `search` columns of tickets and
 * comments (generated columns, migration …1000_create_tickets_tables):
 * "simple" keeps every word of any language, unstemmed. "english" was
 * measured (bench/README.md): its stop words only spare the search for
 * words like "the", already cheap with the candidates, at the price of
 * English stemming for every organization and of rewriting both tables.
 */
export const SEARCH_CONFIG = 'simple'
const TSQUERY = `websearch_to_tsquery('${SEARCH_CONFIG}', ?)`

/**
 * The search: the candidates (SEARCH_CANDIDATES), each branch being the
 * filtered tickets themselves, so views, filters and the member's
 * visibility narrow the candidates before the limit, not after; then the
 * candidates by primary key, ranked by their own text (ts_rank of the
 * ticket's vector: a ticket found by a comment only ranks after those
 * whose subject or description matches) and counted in the same pass.
 *
 * When the tickets' own text already fills its candidates, the comments
 * are not searched: every such ticket outranks those found by a comment
 * only, and the list is "1,000+" anyway. The comments searched are those
 * the member may read: internal notes for staff only, so a customer never
 * finds a ticket by a word of a note.
 */
function searchTickets(
  membership: Membership,
  filters: TicketFilters,
  scope: ListScope,
  q: string
) {
  const organizationId = membership.organizationId
  const ownText = filteredTickets(membership, filters, scope)
    .select('tickets.id')
    .whereRaw(`tickets.search @@ ${TSQUERY}`, [q])
    .orderBy('tickets.id', 'desc')
    .limit(SEARCH_CANDIDATES)
  const publicOnly = new CommentPolicy().viewInternal(membership)
    ? ''
    : ` AND ticket_comments.visibility = 'public'`
  // Runs only when own_text (the CTE below) did not fill up: a one-time
  // filter, so PostgreSQL skips the comments altogether otherwise.
  const byComment = filteredTickets(membership, filters, scope)
    .select('tickets.id')
    .whereRaw(`(SELECT count(*) FROM own_text) < ?`, [SEARCH_CANDIDATES])
    .whereRaw(
      `EXISTS (SELECT 1 FROM ticket_comments
                WHERE ticket_comments.ticket_id = tickets.id
                  AND ticket_comments.organization_id = ?
                  AND ticket_comments.search @@ ${TSQUERY}${publicOnly})`,
      [organizationId, q]
    )
    .orderBy('tickets.id', 'desc')
    .limit(SEARCH_CANDIDATES)

  return visibleTickets(membership)
    .whereRaw(
      `tickets.id = ANY(ARRAY(
        WITH own_text AS MATERIALIZED ?
        SELECT id FROM own_text UNION ?
      ))`,
      [subquery(ownText), subquery(byComment)]
    )
    .select(
      db.raw(`ts_rank(tickets.search, ${TSQUERY}) AS search_rank`, [q]),
      db.raw('count(*) OVER () AS search_matches')
    )
    .orderBy('search_rank', 'desc')
}

/** A query as a parenthesized subquery to bind into raw SQL. */
function subquery(query: { toSQL(): { sql: string; bindings: readonly unknown[] } }) {
  const { sql, bindings } = query.toSQL()
  return db.raw(`(${sql})`, bindings as any[])
}
