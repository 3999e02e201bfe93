import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Ticket from '#models/ticket'
import ActionError from '#exceptions/action_error'
import { appendAuditEvent } from '#kit/audit'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import CsatRating from '../models/csat_rating.js'
import CsatLink from '../models/csat_link.js'

export interface RatingInput {
  ticket: Pick<Ticket, 'id' | 'organizationId'>
  score: number
  comment?: string | null
}

/**
 * Saves the requester's rating of a resolved ticket (the actor must be the
 * requester): the first one, or a change of it, until the ticket is
 * closed. The ticket row is locked, so a rating cannot slip in while the
 * ticket closes. Any mailed link of the
 * ticket is used up: after a rating, only the signed-in ticket page
 * changes it.
 */
export default class RateTicket {
  static async handle(
    actor: Actor,
    { ticket, ...input }: RatingInput,
    trx?: TransactionClientContract
  ) {
    const rater = actor.userOrFail()
    const run = async (client: TransactionClientContract) => {
      const locked = await lockedRow(Ticket, ticket.organizationId, ticket.id, client)

      // Who rates is CsatRatingPolicy.rate's question (the page authorizes
      // it; a mailed link is the requester's own): here only the ticket's state.
      RateTicket.ensureRateable(locked)

      const existing = await CsatRating.query({ client })
        .where('organization_id', locked.organizationId)
        .where('ticket_id', locked.id)
        .first()
      const rating = existing ?? new CsatRating()
      const before = existing ? { score: existing.score } : null
      rating.useTransaction(client)
      rating.merge({
        organizationId: locked.organizationId,
        ticketId: locked.id,
        ratedById: rater.id,
        agentId: locked.assigneeId,
        score: input.score,
        comment: input.comment?.trim() || null,
        ratedAt: DateTime.now(),
      })
      await rating.save()

      await CsatLink.query({ client })
        .where('organization_id', locked.organizationId)
        .where('ticket_id', locked.id)
        .whereNull('used_at')
        .update({ used_at: DateTime.now().toSQL() })

      await appendAuditEvent(
        {
          organizationId: locked.organizationId,
          action: 'ticket.rated',
          subjectType: 'ticket',
          subjectId: locked.number,
          before,
          after: { score: rating.score, commented: rating.comment !== null },
        },
        actor,
        client
      )
      return rating
    }
    return trx ? run(trx) : db.transaction(run)
  }

  /** A rating is given or changed while the ticket is resolved. */
  static ensureRateable(ticket: Pick<Ticket, 'status'>) {
    if (ticket.status === 'closed') {
      throw new ActionError('This request is closed: its rating can no longer change.', 'score', {
        status: 409,
      })
    }
    if (ticket.status !== 'resolved') {
      throw new ActionError('This request can be rated once it is resolved.', 'score', {
        status: 409,
      })
    }
  }
}
