import type { HttpContext } from '@adonisjs/core/http'
import Membership from '#models/membership'
import Ticket from '#models/ticket'
import { visibleTickets } from '#queries/ticket_scope'
import { bouncerFor } from '#policies/kit'
import CommentPolicy from '#policies/comment_policy'

/**
 * The live channels (docs/architecture.md, "Live updates") and who may
 * subscribe to each. Internal notes and staff-only events travel on the
 * staff channels only; `tickets/:id/public` carries what the requester may
 * see. Ids are database ids (tickets: `tickets.id`, never the number).
 */
export const channels = {
  desk: (organizationId: number) => `orgs/${organizationId}/desk`,
  ticketStaff: (ticketId: number) => `tickets/${ticketId}/staff`,
  ticketPublic: (ticketId: number) => `tickets/${ticketId}/public`,
  user: (userId: number) => `users/${userId}`,
}

/** The patterns Transmit authorizes (matchit syntax), with their rule. */
export const CHANNEL_RULES: Record<string, (userId: number, id: number) => Promise<boolean>> = {
  'orgs/:id/desk': async (userId, organizationId) => {
    const membership = await activeMembership(userId, organizationId)
    return bouncerFor(membership).allows('accessDesk')
  },
  'tickets/:id/staff': async (userId, ticketId) => {
    // Internal notes travel here.
    const membership = await membershipForTicket(userId, ticketId)
    return bouncerFor(membership).with(CommentPolicy).allows('viewInternal')
  },
  'tickets/:id/public': async (userId, ticketId) => {
    const membership = await membershipForTicket(userId, ticketId)
    if (!membership) return false
    // As the pages decide: staff see every ticket, a customer their own,
    // or the organization's when it shares them.
    return Boolean(await visibleTickets(membership).where('tickets.id', ticketId).first())
  },
  'users/:id': async (userId, id) => userId === id,
}

const KNOWN = [/^orgs\/\d+\/desk$/, /^tickets\/\d+\/(staff|public)$/, /^users\/\d+$/]

/** A channel name of the list above (anything else is refused outright). */
export function isKnownChannel(channel: unknown): channel is string {
  return typeof channel === 'string' && KNOWN.some((pattern) => pattern.test(channel))
}

/**
 * Transmit's authorization callback for a pattern: the signed-in user
 * (the subscribe route requires one) against the channel's id.
 */
export function authorizeChannel(pattern: string) {
  const rule = CHANNEL_RULES[pattern]
  return async (ctx: HttpContext, params: { id?: string }) => {
    const user = ctx.auth.use('web').user
    const id = Number(params.id)
    if (!user || !Number.isSafeInteger(id) || id < 1) return false
    return rule(user.id, id)
  }
}

async function activeMembership(userId: number, organizationId: number) {
  return Membership.query()
    .where('user_id', userId)
    .where('organization_id', organizationId)
    .whereNull('disabled_at')
    .preload('organization')
    .first()
}

/** The user's active membership in the organization of the ticket, if any. */
async function membershipForTicket(userId: number, ticketId: number) {
  const ticket = await Ticket.query().select('id', 'organization_id').where('id', ticketId).first()
  return ticket ? activeMembership(userId, ticket.organizationId) : null
}
