import Ticket from '#models/ticket'
import type Membership from '#models/membership'

/**
 * The tickets a member may see: every ticket of their organization for
 * staff; for a customer their own, or the organization's when it allows
 * that. Pages, the API and search all start from here, so another
 * organization's ticket is never found (404).
 */
export function visibleTickets(membership: Membership) {
  const query = Ticket.query().where('tickets.organization_id', membership.organizationId)
  if (!membership.isStaff && !membership.organization?.customersSeeAllTickets) {
    query.where('tickets.requester_id', membership.userId)
  }
  return query
}

/** A ticket by its number (ATUM-12 or 12), as the member may see it, or null. */
export async function findVisibleTicket(membership: Membership, reference: string | number) {
  const number = typeof reference === 'number' ? reference : Ticket.parseReference(reference)
  if (number === null) return null
  return visibleTickets(membership).where('tickets.number', number).first()
}
