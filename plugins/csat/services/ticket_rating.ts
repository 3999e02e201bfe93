import type Ticket from '#models/ticket'
import type User from '#models/user'
import CsatRating, { SCORES, SCORE_LABELS } from '../models/csat_rating.js'
import CsatLink from '../models/csat_link.js'

/**
 * What the CSAT slots of the ticket pages show (their loaders in
 * plugin.ts): the slot's ticket was loaded by the core page through the
 * viewer's scope; every query here is bound to that ticket's organization.
 */

/** A ticket's rating, or null. */
export function ratingOf(ticket: Pick<Ticket, 'id' | 'organizationId'>) {
  return CsatRating.query()
    .where('organization_id', ticket.organizationId)
    .where('ticket_id', ticket.id)
    .first()
}

/** The portal panel: only the requester rates, while the ticket is resolved. */
export async function portalPanel(ticket: Ticket, viewer: Pick<User, 'id'> | null) {
  const isRequester = !!viewer && viewer.id === ticket.requesterId
  const rating = isRequester ? await ratingOf(ticket) : null
  const canRate = isRequester && ticket.status === 'resolved'
  return {
    ticket,
    rating,
    canRate,
    // A rating stays visible to its author after a reopen and after closing.
    visible: canRate || !!rating,
    choices: [...SCORES].reverse().map((score) => ({ score, label: SCORE_LABELS[score] })),
  }
}

/** The desk side panel: the rating with its agent, or whether one was asked for. */
export async function deskPanel(ticket: Ticket) {
  const rating = await CsatRating.query()
    .where('organization_id', ticket.organizationId)
    .where('ticket_id', ticket.id)
    .preload('agent', (agent) => agent.select('id', 'full_name'))
    .first()
  const lastRequest = rating
    ? null
    : await CsatLink.query()
        .where('organization_id', ticket.organizationId)
        .where('ticket_id', ticket.id)
        .orderBy('created_at', 'desc')
        .first()
  return { rating, lastRequest, scoreLabels: SCORE_LABELS }
}
