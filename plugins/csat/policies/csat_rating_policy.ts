import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import { MemberPolicy, refuse, sameOrganization } from '#kit/policies'

/**
 * Satisfaction ratings: the person who made a request rates it (from its
 * portal page; the mailed link is the requester's own, by its token);
 * staff read the report, managers and admins everyone's figures, an agent
 * their own. Whether the ticket may be rated now (resolved, not closed) is
 * the action's rule.
 */
export default class CsatRatingPolicy extends MemberPolicy {
  rate(
    actor: Membership,
    ticket: Pick<Ticket, 'organizationId' | 'requesterId'>
  ): AuthorizerResponse {
    return (
      (sameOrganization(actor, ticket) && ticket.requesterId === actor.userId) ||
      refuse('Only the person who made the request can rate it.', 'score')
    )
  }

  viewReport(actor: Membership): boolean {
    return actor.isStaff
  }

  /** Every agent's figures (and picking one); without it, an agent's own. */
  viewEveryone(actor: Membership): boolean {
    return actor.isStaff && actor.hasAtLeast('manager')
  }
}
