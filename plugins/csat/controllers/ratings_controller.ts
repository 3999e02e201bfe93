import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { errors as lucidErrors } from '@adonisjs/lucid'
import Ticket from '#models/ticket'
import { findVisibleTicketOrFail } from '#kit/tickets'
import { answerRefusal, isHtmx } from '#kit/http'
import CsatRatingPolicy from '../policies/csat_rating_policy.js'
import RateTicket from '../actions/rate_ticket.js'
import { portalPanel } from '../services/ticket_rating.js'
import { ratingValidator } from '../validators.js'

const THANKS = 'Thank you for your rating.'

/**
 * The requester rates (or re-rates) a resolved ticket from its portal
 * page. A htmx request gets the rating panel back; a plain form a
 * redirect to the ticket page. Refusals come back with their message.
 */
export default class RatingsController {
  async store(ctx: HttpContext) {
    const { request, response, session, view } = ctx
    // No organization: no ticket to find, the same 404 as another's ticket.
    if (!ctx.membership) throw new lucidErrors.E_ROW_NOT_FOUND(Ticket)
    const membership = ctx.membership
    const user = ctx.auth.use('web').user!
    const ticket = await findVisibleTicketOrFail(membership, ctx.params.number)

    const render = async (notice?: string) => {
      const fresh = await findVisibleTicketOrFail(membership, ticket.number)
      return view.render('csat::partials/portal_panel', {
        panel: await portalPanel(fresh, user),
        notice,
        fragment: true,
      })
    }

    try {
      const input = await request.validateUsing(ratingValidator)
      await ctx.bouncer.with(CsatRatingPolicy).authorize('rate', ticket)
      await RateTicket.handle(ctx.actor, { ticket, ...input })
    } catch (error) {
      return answerRefusal(ctx, error, render)
    }

    if (isHtmx(request)) return render(THANKS)
    session.flash('success', THANKS)
    return response.redirect(
      `${router.makeUrl('portal.tickets.show', { number: ticket.reference })}#csat`
    )
  }
}
