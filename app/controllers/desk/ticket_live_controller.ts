import type { HttpContext } from '@adonisjs/core/http'
import { deskTicketState } from '#presenters/ticket_page'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'
import { updatePresence } from '#services/realtime/presence'
import { presenceValidator } from '#validators/live'

/**
 * The live parts of the desk ticket page: the fragment a live event (or
 * the polling fallback) re-fetches, and the presence heartbeat.
 */
export default class TicketLiveController {
  /** GET: heading, conversation, actions and dates, swapped in out of band. */
  async show(ctx: HttpContext) {
    const membership = ctx.membership!
    const ticket = await findVisibleTicketOrFail(membership, ctx.params.number)
    return ctx.view.render('pages/desk/tickets/partials/live', {
      ...(await deskTicketState(membership, ticket, ctx.auth.user ?? null)),
      oob: true,
    })
  }

  /** POST {typing?, leave?}: who has the ticket open now (also pushed on its staff channel). */
  async presence(ctx: HttpContext) {
    const ticket = await findVisibleTicketOrFail(ctx.membership!, ctx.params.number)
    const state = await presenceValidator.validate(ctx.request.all())
    const viewers = await updatePresence(ticket, ctx.auth.use('web').user!.id, state)
    return { viewers }
  }
}
