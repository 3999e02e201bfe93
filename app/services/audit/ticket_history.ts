import AuditEvent from '#models/audit_event'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import type User from '#models/user'
import { presentAuditEvents, type AuditRow } from '#presenters/audit_presentation'
import { viewerZone } from '#kit/time_zones'
import { bouncerFor, guard } from '#policies/kit'
import TicketPolicy from '#policies/ticket_policy'

/** A long-lived ticket keeps its page light: the oldest events up to this many. */
export const TICKET_HISTORY_LIMIT = 500

/**
 * The audit events of one ticket, oldest first, with their actors: for
 * staff only (customers never see the audit trail). The ticket must belong
 * to the member's organization; the query is scoped to it as well, so a
 * ticket of another organization yields nothing.
 */
export async function ticketHistory(
  membership: Membership,
  ticket: Pick<Ticket, 'organizationId' | 'number'>,
  options: { limit?: number } = {}
): Promise<AuditEvent[]> {
  if (ticket.organizationId !== membership.organizationId) return []
  await guard(bouncerFor(membership).with(TicketPolicy).authorize('viewHistory', ticket))

  return AuditEvent.query()
    .where('organization_id', membership.organizationId)
    .where('subject_type', 'ticket')
    .where('subject_id', String(ticket.number))
    .preload('actor', (actor) => actor.select('id', 'full_name'))
    .orderBy('id', 'asc')
    .limit(options.limit ?? TICKET_HISTORY_LIMIT)
}

/**
 * The same history as rows ready for the component
 * `@!audit.ticketHistory({ entries })`: times in the viewer's time zone
 * (their profile, else the organization's), actions in words, changes as
 * before → after.
 */
export async function ticketHistoryEntries(
  membership: Membership,
  ticket: Pick<Ticket, 'organizationId' | 'number'>,
  viewer: Pick<User, 'timeZone'> | null
): Promise<AuditRow[]> {
  const events = await ticketHistory(membership, ticket)
  const zone = viewerZone(viewer, membership.organization?.timeZone)
  return presentAuditEvents(events, zone, { ticketLinks: false })
}
