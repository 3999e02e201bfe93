import type { DateTime } from 'luxon'
import type Ticket from '#models/ticket'
import type TicketComment from '#models/ticket_comment'
import type Membership from '#models/membership'
import type User from '#models/user'
import CommentPolicy from '#policies/comment_policy'

/**
 * The JSON shape of tickets and comments in /api/v1, written once so every
 * endpoint answers alike: snake_case keys, ISO 8601 dates, people as
 * `{id, full_name}` (no email: customers see staff names only), the
 * markdown as written beside its sanitized HTML.
 *
 * Internal notes never reach a customer: whatever comments a caller hands
 * over, `serializeComments` drops the internal ones for a customer viewer
 * (the queries already leave them out; this is the second line).
 */

function iso(value: DateTime | null | undefined) {
  return value ? value.toUTC().toISO() : null
}

function person(user: User | null | undefined) {
  return user ? { id: user.id, full_name: user.fullName } : null
}

/** A ticket; `requester` and `assignee` should be preloaded (null otherwise). */
export function serializeTicket(ticket: Ticket) {
  return {
    number: ticket.reference,
    subject: ticket.subject,
    description: ticket.description,
    description_html: ticket.descriptionHtml,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    tags: ticket.tags,
    source: ticket.source,
    requester: person(ticket.requester),
    assignee: person(ticket.assignee),
    first_response_at: iso(ticket.firstResponseAt),
    resolved_at: iso(ticket.resolvedAt),
    closed_at: iso(ticket.closedAt),
    created_at: iso(ticket.createdAt),
    updated_at: iso(ticket.updatedAt),
  }
}

/** A ticket with its requester and assignee loaded, serialized. */
export async function presentTicket(ticket: Ticket) {
  await ticket.load((loader) => loader.load('requester').load('assignee'))
  return serializeTicket(ticket)
}

/**
 * One comment as the viewer may read it (`author` should be preloaded);
 * null for one the viewer may not read (CommentPolicy: an internal note
 * and a customer).
 */
export function serializeComment(comment: TicketComment, viewer: Membership) {
  if (!new CommentPolicy().view(viewer, comment)) return null
  return {
    // bigint columns come back from pg as strings
    id: Number(comment.id),
    body: comment.body,
    body_html: comment.bodyHtml,
    visibility: comment.visibility,
    author: person(comment.author),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
  }
}

/** The comments the viewer may read, serialized. */
export function serializeComments(comments: TicketComment[], viewer: Membership) {
  return comments.flatMap((comment) => serializeComment(comment, viewer) ?? [])
}

/**
 * Lucid's paginator meta, as the API documents it. A list that stops
 * counting (the tickets, #queries/capped_pagination) says whether it did:
 * with `total_capped: true`, `total` is a floor (at least that many) and
 * `last_page` one past the current page while more rows follow.
 */
export function paginationMeta(page: {
  total: number
  currentPage: number
  perPage: number
  lastPage: number
  totalCapped?: boolean
}) {
  return {
    total: page.total,
    ...(page.totalCapped === undefined ? {} : { total_capped: page.totalCapped }),
    page: page.currentPage,
    per_page: page.perPage,
    last_page: page.lastPage,
  }
}
