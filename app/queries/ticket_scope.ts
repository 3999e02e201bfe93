import { errors as lucidErrors } from '@adonisjs/lucid'
import { DateTime } from 'luxon'
import Ticket, { SLA_RUNNING_STATUSES } from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import type Membership from '#models/membership'
import TicketPolicy from '#policies/ticket_policy'
import CommentPolicy from '#policies/comment_policy'

/**
 * The tickets a member may see, the query form of TicketPolicy.view: every
 * ticket of their organization for staff; for a customer their own, or
 * the organization's when it allows that. Pages, the API and search all
 * start from here, so another organization's ticket is never found (404).
 */
export function visibleTickets(membership: Membership) {
  const query = Ticket.query().where('tickets.organization_id', membership.organizationId)
  if (!new TicketPolicy().viewAll(membership)) {
    query.where('tickets.requester_id', membership.userId)
  }
  return query
}

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

/** A ticket by its number (ATUM-12 or 12), as the member may see it, or null. */
export async function findVisibleTicket(membership: Membership, reference: string | number) {
  const number = typeof reference === 'number' ? reference : Ticket.parseReference(reference)
  if (number === null) return null
  return visibleTickets(membership).where('tickets.number', number).first()
}

/**
 * As findVisibleTicket, but a ticket the member may not see (another
 * organization's, another customer's, none) raises a 404, the same answer
 * as a ticket that does not exist.
 */
export async function findVisibleTicketOrFail(membership: Membership, reference: string | number) {
  const ticket = await findVisibleTicket(membership, reference)
  if (!ticket) throw new lucidErrors.E_ROW_NOT_FOUND(Ticket)
  return ticket
}

/**
 * The comments of a ticket a member may read (CommentPolicy): staff
 * everything, a customer the public replies only (internal notes never
 * reach a customer). Oldest first, as a conversation reads.
 */
export function visibleComments(membership: Membership, ticket: Ticket) {
  return ticketComments(ticket, new CommentPolicy().viewInternal(membership) ? 'staff' : 'customer')
}

/**
 * The comments of a ticket for an audience: staff read everything, the
 * customer audience public replies only (filtered here, in the query,
 * never in a template). The portal uses the customer audience for
 * everyone who looks at it, staff included.
 */
export function ticketComments(ticket: Ticket, audience: 'customer' | 'staff') {
  const query = TicketComment.query()
    .where('ticket_comments.organization_id', ticket.organizationId)
    .where('ticket_comments.ticket_id', ticket.id)
  if (audience === 'customer') query.where('ticket_comments.visibility', 'public')
  return query.orderBy('ticket_comments.created_at', 'asc').orderBy('ticket_comments.id', 'asc')
}
