import type { HttpContext } from '@adonisjs/core/http'
import CreateTicket from '#actions/tickets/create_ticket'
import UpdateTicket from '#actions/tickets/update_ticket'
import TicketPolicy from '#policies/ticket_policy'
import { listTickets } from '#services/search/ticket_list'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'
import { paginationMeta, presentTicket, serializeTicket } from '#presenters/ticket_serializer'
import {
  createTicketValidator,
  ticketFiltersValidator,
  updateTicketValidator,
} from '#validators/tickets'

/**
 * /api/v1/tickets: the tickets the token's member may see. Tickets are
 * addressed by number ("ATUM-12" or "12"); one the member may not see
 * answers 404 like one that does not exist. Role refusals come from
 * TicketPolicy (403), the actions' rules from ActionError (409, 422).
 */
export default class TicketsController {
  /** GET /tickets?view=&status=&priority=&assignee=&tag=&q=&sort=&page=&per_page= */
  async index({ request, membership }: HttpContext) {
    const filters = await ticketFiltersValidator.validate(request.qs())
    const page = await listTickets(membership!, filters)
    return { data: page.all().map(serializeTicket), meta: paginationMeta(page) }
  }

  /** POST /tickets: opened by the token's member, source "api". */
  async store(ctx: HttpContext) {
    const { request, response } = ctx
    const input = await request.validateUsing(createTicketValidator)
    await ctx.bouncer.with(TicketPolicy).authorize('create')
    const ticket = await CreateTicket.handle(ctx.actor, { ...input, source: 'api' })
    return response.created({ data: await presentTicket(ticket) })
  }

  /** GET /tickets/:number */
  async show({ params, membership }: HttpContext) {
    const ticket = await findVisibleTicketOrFail(membership!, params.number)
    return { data: await presentTicket(ticket) }
  }

  /** PATCH /tickets/:number: priority, category, tags, assignee_id, as the role allows. */
  async update(ctx: HttpContext) {
    const { params, request, membership } = ctx
    const ticket = await findVisibleTicketOrFail(membership!, params.number)
    const input = await request.validateUsing(updateTicketValidator)
    await ctx.bouncer
      .with(TicketPolicy)
      .authorize('update', ticket, { priority: input.priority, assigneeId: input.assignee_id })
    const updated = await UpdateTicket.handle(ctx.actor, {
      ticket,
      priority: input.priority,
      category: input.category,
      tags: input.tags,
      assigneeId: input.assignee_id,
    })
    return { data: await presentTicket(updated) }
  }
}
