import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import Ticket from '#models/ticket'
import Membership from '#models/membership'
import { newSecretToken } from '#kit/secrets'
import { appUrl } from '#kit/app'
import type Actor from '#actions/actor'
import CsatLink, { LINK_VALID_DAYS } from '../models/csat_link.js'
import CsatRating from '../models/csat_rating.js'
import RatingRequestMail from '../mails/rating_request_mail.js'

/**
 * Asks the requester of a just-resolved ticket for a rating: a single-use
 * link (valid LINK_VALID_DAYS days) by mail. A ticket that already has a
 * rating gets no second mail when it is resolved again after a reopen.
 * Returns whether a mail was queued.
 */
export default class RequestRating {
  /** The actor is the system (the core's ticket:transitioned listener). */
  static async handle(
    _actor: Actor,
    { organizationId, ticketId }: { organizationId: number; ticketId: number }
  ) {
    const ticket = await Ticket.query()
      .where('organization_id', organizationId)
      .where('id', ticketId)
      .preload('requester')
      .preload('organization')
      .first()
    if (!ticket || ticket.status !== 'resolved') return false

    const rated = await CsatRating.query()
      .where('organization_id', organizationId)
      .where('ticket_id', ticket.id)
      .first()
    if (rated) return false

    // Nobody to ask: a disabled account or someone no longer in the organization.
    const requester = ticket.requester
    const member = await Membership.query()
      .where('organization_id', organizationId)
      .where('user_id', ticket.requesterId)
      .whereNull('disabled_at')
      .first()
    if (!requester || requester.isDisabled || !member) return false

    const { token, hash } = newSecretToken()
    await CsatLink.create({
      organizationId,
      ticketId: ticket.id,
      tokenHash: hash,
      expiresAt: DateTime.now().plus({ days: LINK_VALID_DAYS }),
    })
    // sendLater: through the mail queue once the core has one (config/mail.ts).
    await mail.sendLater(
      new RatingRequestMail(ticket, requester, ticket.organization, `${appUrl}/csat/rate/${token}`)
    )
    return true
  }
}
