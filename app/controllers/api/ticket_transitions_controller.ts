import type { HttpContext } from '@adonisjs/core/http'
import TransitionTicket from '#actions/tickets/transition_ticket'
import TicketPolicy from '#policies/ticket_policy'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'
import { transitionValidator } from '#validators/tickets'
import { presentTicket } from '#presenters/ticket_serializer'

/**
 * POST /api/v1/tickets/:number/transitions {action, assignee_id?}: one step
 * of the lifecycle. A step TicketPolicy refuses answers 403, an illegal
 * one 409; either changes nothing.
 */
export default class TicketTransitionsController {
  async store(ctx: HttpContext) {
    const { params, request, membership } = ctx
    // Found first: another organization's ticket is a 404 whatever the body.
    const ticket = await findVisibleTicketOrFail(membership!, params.number)
    const input = await request.validateUsing(transitionValidator)
    await ctx.bouncer
      .with(TicketPolicy)
      .authorize('transition', ticket, input.action, input.assignee_id)
    const updated = await TransitionTicket.handle(ctx.actor, {
      ticket,
      transition: input.action,
      assigneeId: input.assignee_id,
    })
    return { data: await presentTicket(updated) }
  }
}
