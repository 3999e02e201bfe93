import type { HttpContext } from '@adonisjs/core/http'
import type Ticket from '#models/ticket'
import AddCommentWithAttachments from '#actions/tickets/add_comment_with_attachments'
import TransitionTicket from '#actions/tickets/transition_ticket'
import UpdateTicket from '#actions/tickets/update_ticket'
import TicketPolicy from '#policies/ticket_policy'
import { TRANSITION_NOTICES, deskTicketState } from '#presenters/ticket_page'
import { ticketUpdateInput } from '#http/form_input'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'
import { answerRefusal, isHtmx } from '#http/htmx'
import { commentValidator, transitionValidator, updateTicketValidator } from '#validators/tickets'

/**
 * What staff do on a ticket page: reply or write an internal note, move
 * the ticket along the lifecycle, change its details. Each answers a htmx
 * request with the re-rendered ticket (the fragment the page swaps in)
 * and a plain form with a redirect to the ticket page; refusals (invalid
 * input, TicketPolicy, the action's rules) come back with their message
 * either way.
 */
export default class TicketActionsController {
  async comment(ctx: HttpContext) {
    const ticket = await findVisibleTicketOrFail(ctx.membership!, ctx.params.number)
    let internal = false
    let filesNotAttached: string | null
    try {
      const { last_seen_comment_id: lastSeenCommentId, ...input } =
        await ctx.request.validateUsing(commentValidator)
      internal = !!input.internal
      const policy = ctx.bouncer.with(TicketPolicy)
      await (internal ? policy.authorize('note', ticket) : policy.authorize('reply', ticket))
      const result = await AddCommentWithAttachments.handle(ctx.actor, {
        ticket,
        ...input,
        lastSeenCommentId,
        files: ctx.request.files('files'),
      })
      filesNotAttached = result.filesNotAttached
    } catch (error) {
      return answerRefusal(ctx, error, () => renderTicket(ctx, ticket))
    }
    const notice = internal ? 'Internal note added.' : 'Reply sent to the customer.'
    return done(ctx, ticket, notice, filesNotAttached)
  }

  async transition(ctx: HttpContext) {
    const ticket = await findVisibleTicketOrFail(ctx.membership!, ctx.params.number)
    let notice: string
    try {
      const { action, assignee_id: assigneeId } =
        await ctx.request.validateUsing(transitionValidator)
      await ctx.bouncer.with(TicketPolicy).authorize('transition', ticket, action, assigneeId)
      await TransitionTicket.handle(ctx.actor, { ticket, transition: action, assigneeId })
      notice = TRANSITION_NOTICES[action]
    } catch (error) {
      return answerRefusal(ctx, error, () => renderTicket(ctx, ticket))
    }
    return done(ctx, ticket, notice)
  }

  async update(ctx: HttpContext) {
    const ticket = await findVisibleTicketOrFail(ctx.membership!, ctx.params.number)
    try {
      const { assignee_id: assigneeId, ...input } = await updateTicketValidator.validate(
        ticketUpdateInput(ctx.request.all())
      )
      await ctx.bouncer
        .with(TicketPolicy)
        .authorize('update', ticket, { priority: input.priority, assigneeId })
      await UpdateTicket.handle(ctx.actor, { ticket, ...input, assigneeId })
    } catch (error) {
      return answerRefusal(ctx, error, () => renderTicket(ctx, ticket))
    }
    return done(ctx, ticket, 'Details saved.')
  }
}

/** The ticket region of the page, as it is now. */
async function renderTicket(ctx: HttpContext, ticket: Ticket, notice?: string) {
  const fresh = await findVisibleTicketOrFail(ctx.membership!, ticket.number)
  return ctx.view.render('pages/desk/tickets/partials/ticket', {
    ...(await deskTicketState(ctx.membership!, fresh, ctx.auth.user ?? null)),
    notice,
    fragment: true,
  })
}

/** `problem`: what went wrong besides, e.g. files not attached to a sent reply. */
async function done(ctx: HttpContext, ticket: Ticket, notice: string, problem?: string | null) {
  if (isHtmx(ctx.request)) {
    return renderTicket(ctx, ticket, problem ? `${notice} ${problem}` : notice)
  }
  ctx.session.flash('success', notice)
  if (problem) ctx.session.flash('error', problem)
  return ctx.response.redirect().toRoute('desk.tickets.show', { number: ticket.reference })
}
