import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { errors as lucidErrors } from '@adonisjs/lucid'
import Ticket from '#models/ticket'
import User from '#models/user'
import ActionError from '#exceptions/action_error'
import { hashSecretToken } from '#kit/secrets'
import plugins from '#kit/plugins'
import type Actor from '#actions/actor'
import CsatLink from '../models/csat_link.js'
import RateTicket from './rate_ticket.js'

export type LinkState = 'usable' | 'used' | 'expired' | 'closed' | 'not_resolved'

/** What a mailed link leads to; null for an unknown token (404). */
export interface LinkLookup {
  link: CsatLink
  ticket: Ticket
  state: LinkState
}

/**
 * Rating from the mailed link, without signing in: the token stands for
 * the requester. The link works once; the row is locked, so two
 * submissions racing with it cannot both use it.
 */
export default class RateTicketByLink {
  /**
   * The link of a token and its ticket (always through the link's own
   * organization), or null when the token is unknown or that organization
   * switched CSAT off.
   */
  static async find(token: string, trx?: TransactionClientContract): Promise<LinkLookup | null> {
    const query = CsatLink.query({ client: trx }).where('token_hash', hashSecretToken(token))
    if (trx) query.forUpdate()
    const link = await query.first()
    if (!link || !(await plugins.isEnabledFor('csat', link.organizationId))) return null

    const ticket = await Ticket.query({ client: trx })
      .where('organization_id', link.organizationId)
      .where('id', link.ticketId)
      .preload('organization')
      .firstOrFail()
    return { link, ticket, state: RateTicketByLink.stateOf(link, ticket) }
  }

  /** A closed ticket says so first: that is final, whatever became of the link. */
  static stateOf(link: CsatLink, ticket: Ticket): LinkState {
    if (ticket.status === 'closed') return 'closed'
    if (link.usedAt) return 'used'
    if (link.isExpired) return 'expired'
    if (ticket.status !== 'resolved') return 'not_resolved'
    return 'usable'
  }

  /** The actor is the visitor holding the link; the rating is the requester's. */
  static async handle(
    actor: Actor,
    { token, ...input }: { token: string; score: number; comment?: string | null }
  ) {
    return db.transaction(async (trx) => {
      const found = await RateTicketByLink.find(token, trx)
      if (!found) throw new lucidErrors.E_ROW_NOT_FOUND(CsatLink)
      if (found.state !== 'usable') {
        throw new ActionError(LINK_MESSAGES[found.state], undefined, {
          status: LINK_STATUSES[found.state],
        })
      }
      const requester = await User.findOrFail(found.ticket.requesterId, { client: trx })
      return RateTicket.handle(actor.actingAs(requester), { ticket: found.ticket, ...input }, trx)
    })
  }
}

/** Used or expired links are gone for good; the others depend on the ticket now. */
export const LINK_STATUSES: Record<LinkState, number> = {
  usable: 200,
  used: 410,
  expired: 410,
  closed: 409,
  not_resolved: 409,
}

/** Why a link does not work (now), in the visitor's words. */
export const LINK_MESSAGES: Record<Exclude<LinkState, 'usable'>, string> = {
  used: 'This link was already used. Sign in to see or change your rating while the request is resolved.',
  expired: 'This link has expired. Sign in to rate the request while it is resolved.',
  closed: 'This request is closed: its rating can no longer change.',
  not_resolved: 'This request was opened again. You can rate it once it is resolved.',
}
