import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { ticketHistoryEntries } from '#services/audit/ticket_history'
import { slaPanel } from '#services/sla/sla_status'
import Membership, { STAFF_ROLES } from '#models/membership'
import type Ticket from '#models/ticket'
import { transitionsFrom, type TransitionName } from '#domain/lifecycle'
import { bouncerFor } from '#policies/kit'
import TicketPolicy from '#policies/ticket_policy'
import CommentPolicy from '#policies/comment_policy'
import { ticketComments, visibleTickets } from '#queries/ticket_scope'
import { attachmentInputProps, attachmentsFor } from '#queries/attachments_for'
import { snippetHeadlineOptions } from '#kit/snippets'
import { SEARCH_CONFIG } from '#services/search/ticket_list'

/**
 * What the ticket pages of the portal and the desk read besides the
 * ticket itself. Every query is bound to the ticket's organization.
 */

/** Everything the desk's ticket page shows (and its htmx fragment re-renders). */
export async function deskTicketState(
  membership: Membership,
  ticket: Ticket,
  viewer: Pick<User, 'timeZone'> | null = null
) {
  await ticket.load((loader) => loader.load('requester').load('assignee'))
  const comments = await conversationOf(ticket, 'staff')
  const staff = await staffOf(ticket.organizationId)
  const requesterMembership = await Membership.query()
    .where('organization_id', ticket.organizationId)
    .where('user_id', ticket.requesterId)
    .first()
  const requesterTickets = await visibleTickets(membership)
    .where('tickets.requester_id', ticket.requesterId)
    .whereNot('tickets.id', ticket.id)
    .orderBy('tickets.created_at', 'desc')
    .limit(5)
  const policy = bouncerFor(membership).with(TicketPolicy)
  // Handing the ticket to anyone (not only oneself) is what managers may.
  const assignAnyone = await policy.allows('assign', ticket, null)
  return {
    ticket,
    comments,
    // All of them, internal notes' files shown inside their notes.
    attachments: await attachmentsFor(ticket, membership),
    attachmentInput: attachmentInputProps(),
    staff,
    requesterMembership,
    requesterTickets,
    transitions: await offeredTransitions(membership, ticket),
    transitionLabels: TRANSITION_LABELS,
    canSetPriority: await policy.allows('setPriority', ticket),
    // New and accepted tickets get their assignee through the lifecycle's
    // "assign"; later, managers may hand a ticket to someone else.
    canReassign: assignAnyone && !['new', 'accepted', 'closed'].includes(ticket.status),
    // The ticket's own audit trail (staff only; this is the desk).
    history: await ticketHistoryEntries(membership, ticket, viewer),
    sla: await slaPanel(ticket),
    slaZone: viewer?.timeZone ?? 'UTC',
  }
}

/** Everything the portal's ticket page shows: the public conversation only. */
export async function portalTicketState(membership: Membership, ticket: Ticket) {
  await ticket.load('requester')
  const comments = await conversationOf(ticket, 'customer')
  // Files of the ticket and of the public replies shown, whoever looks:
  // staff on the portal get no internal note's files either.
  const { onTicket, byComment } = await attachmentsFor(ticket, membership)
  const attachments = {
    onTicket,
    byComment: Object.fromEntries(
      comments.map((comment) => [String(comment.id), byComment[String(comment.id)] ?? []])
    ),
  }
  // Replies from the team are marked as such for the customer.
  const authorIds = [...new Set(comments.map((comment) => comment.authorId))]
  const staff = authorIds.length
    ? await Membership.query()
        .where('organization_id', ticket.organizationId)
        .whereIn('user_id', authorIds)
        .whereIn('role', [...STAFF_ROLES])
    : []
  return {
    ticket,
    comments,
    attachments,
    attachmentInput: attachmentInputProps(),
    staffAuthorIds: staff.map((member) => member.userId),
  }
}

/** The conversation of a ticket with its authors, for an audience (see ticketComments). */
export function conversationOf(ticket: Ticket, audience: 'customer' | 'staff') {
  return ticketComments(ticket, audience).preload('author')
}

/** The active staff of an organization, by name (the assignee pickers). */
export function staffOf(organizationId: number) {
  return Membership.query()
    .where('memberships.organization_id', organizationId)
    .whereIn('memberships.role', [...STAFF_ROLES])
    .whereNull('memberships.disabled_at')
    .join('users', 'users.id', 'memberships.user_id')
    .whereNull('users.disabled_at')
    .orderBy('users.full_name')
    .select('memberships.*')
    .preload('user')
}

export interface OfferedTransition {
  name: TransitionName
  /** Assign: managers pick anyone, agents only themselves. */
  pickAssignee: boolean
}

/**
 * The lifecycle buttons a member sees on a ticket: the transitions its
 * status allows (lifecycle.ts) that TicketPolicy lets the member take (an
 * agent's assign: to themselves); the action checks again when pressed.
 */
export async function offeredTransitions(
  membership: Membership,
  ticket: Ticket
): Promise<OfferedTransition[]> {
  const policy = bouncerFor(membership).with(TicketPolicy)
  const assignAnyone = await policy.allows('assign', ticket, null)
  const offered: OfferedTransition[] = []
  for (const name of transitionsFrom(ticket.status)) {
    const assignee = name === 'assign' && !assignAnyone ? membership.userId : undefined
    if (await policy.allows('transition', ticket, name, assignee)) {
      offered.push({ name, pickAssignee: name === 'assign' && assignAnyone })
    }
  }
  return offered
}

/** Button wording of each transition. */
export const TRANSITION_LABELS: Record<TransitionName, string> = {
  accept: 'Accept',
  assign: 'Assign',
  start: 'Start work',
  wait: 'Wait for customer',
  resolve: 'Resolve',
  reopen: 'Reopen',
  close: 'Close',
}

/** What a transition did, for the notice after it. */
export const TRANSITION_NOTICES: Record<TransitionName, string> = {
  accept: 'Ticket accepted.',
  assign: 'Ticket assigned.',
  start: 'Work started.',
  wait: 'Now waiting for the customer.',
  resolve: 'Ticket resolved.',
  reopen: 'Ticket reopened.',
  close: 'Ticket closed.',
}

export interface SearchSnippet {
  /** Text with the matched words between \u0001 and \u0002 (see #kit/snippets). */
  text: string
  fromInternalNote: boolean
}

const HEADLINE_OPTIONS = snippetHeadlineOptions(28)

/**
 * A short extract of each listed ticket around the words searched for: from
 * the description when it matches, otherwise from the first comment the
 * member may see that matches (internal notes for staff only). Computed
 * for one page of results only: ts_headline parses the whole text again,
 * the costliest step of a search per row, so never for the candidates.
 */
export async function searchSnippets(
  membership: Membership,
  ticketIds: number[],
  q: string
): Promise<Map<number, SearchSnippet>> {
  if (ticketIds.length === 0) return new Map()
  const publicOnly = new CommentPolicy().viewInternal(membership)
    ? ''
    : `AND c.visibility = 'public'`
  const { rows } = await db.rawQuery(
    `SELECT t.id,
            CASE WHEN t.search @@ query THEN ts_headline(:config, t.description, query, :options) END AS own,
            comment.snippet AS comment_snippet,
            comment.visibility AS comment_visibility
       FROM tickets t
      CROSS JOIN websearch_to_tsquery(:config, :q) AS query
       LEFT JOIN LATERAL (
            SELECT ts_headline(:config, c.body, query, :options) AS snippet, c.visibility
              FROM ticket_comments c
             WHERE c.ticket_id = t.id AND c.organization_id = t.organization_id
               AND c.search @@ query ${publicOnly}
             ORDER BY c.id
             LIMIT 1
       ) AS comment ON NOT (t.search @@ query)
      WHERE t.organization_id = :organizationId AND t.id = ANY(:ids)`,
    {
      q,
      config: SEARCH_CONFIG,
      options: HEADLINE_OPTIONS,
      organizationId: membership.organizationId,
      ids: ticketIds,
    }
  )
  const snippets = new Map<number, SearchSnippet>()
  for (const row of rows as Array<{
    id: number
    own: string | null
    comment_snippet: string | null
    comment_visibility: string | null
  }>) {
    const text = row.own ?? row.comment_snippet
    if (text) {
      snippets.set(row.id, {
        text,
        fromInternalNote: !row.own && row.comment_visibility === 'internal',
      })
    }
  }
  return snippets
}
