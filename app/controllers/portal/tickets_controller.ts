import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import type Membership from '#models/membership'
import CreateTicketWithAttachments from '#actions/tickets/create_ticket_with_attachments'
import AddCommentWithAttachments from '#actions/tickets/add_comment_with_attachments'
import { attachmentInputProps } from '#queries/attachments_for'
import TicketPolicy from '#policies/ticket_policy'
import { listTickets } from '#services/search/ticket_list'
import { portalTicketState } from '#presenters/ticket_page'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'
import { answerRefusal, isHtmx } from '#http/htmx'
import { commentValidator, createTicketValidator } from '#validators/tickets'

/**
 * The portal's requests: what a signed-in person asked for (staff see
 * their own requests here too), opening a request and the public
 * conversation of each. Internal notes never reach these pages: the
 * conversation is loaded for the customer audience whoever looks.
 */
export default class TicketsController {
  async index(ctx: HttpContext) {
    const { request, view, auth } = ctx
    const membership = await memberOrRefuse(ctx)
    if (!membership) return
    // Customers of an organization that allows it may look at everyone's
    // requests; staff and everyone else see their own.
    const canSeeOrganization = !membership.isStaff && membership.organization.customersSeeAllTickets
    const scope = canSeeOrganization && request.input('scope') === 'organization' ? 'all' : 'mine'
    const page = Math.min(100_000, Math.max(1, Number.parseInt(request.input('page'), 10) || 1))
    const tickets = await listTickets(
      membership,
      { view: 'all', sort: '-updated', page, per_page: 20 },
      scope === 'mine' ? { requesterId: auth.use('web').user!.id } : {}
    )
    tickets
      .baseUrl(router.makeUrl('portal.tickets.index'))
      .queryString(scope === 'all' ? { scope: 'organization' } : {})
    return view.render('pages/portal/tickets/index', { tickets, scope, canSeeOrganization })
  }

  async create(ctx: HttpContext) {
    if (!(await memberOrRefuse(ctx))) return
    return ctx.view.render('pages/portal/tickets/new', { attachmentInput: attachmentInputProps() })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, actor } = ctx
    if (!(await memberOrRefuse(ctx))) return
    const { subject, description } = await request.validateUsing(createTicketValidator)
    await ctx.bouncer.with(TicketPolicy).authorize('create')
    const { ticket, filesNotAttached } = await CreateTicketWithAttachments.handle(actor, {
      subject,
      description,
      source: 'portal',
      files: request.files('files'),
    })
    session.flash('success', `Thank you. Your request ${ticket.reference} is with our team.`)
    if (filesNotAttached) session.flash('error', filesNotAttached)
    return response.redirect().toRoute('portal.tickets.show', { number: ticket.reference })
  }

  async show(ctx: HttpContext) {
    const membership = await memberOrRefuse(ctx)
    if (!membership) return
    const ticket = await findVisibleTicketOrFail(membership, ctx.params.number)
    return ctx.view.render('pages/portal/tickets/show', await portalTicketState(membership, ticket))
  }

  async comment(ctx: HttpContext) {
    const { request, response, session, view, actor } = ctx
    const membership = await memberOrRefuse(ctx)
    if (!membership) return
    let ticket = await findVisibleTicketOrFail(membership, ctx.params.number)
    const render = async (notice?: string) =>
      view.render('pages/portal/tickets/partials/ticket', {
        ...(await portalTicketState(membership, ticket)),
        notice,
        fragment: true,
      })

    let filesNotAttached: string | null
    try {
      const { body } = await request.validateUsing(commentValidator)
      await ctx.bouncer.with(TicketPolicy).authorize('reply', ticket)
      // The portal writes public replies only, whoever is signed in.
      const result = await AddCommentWithAttachments.handle(actor, {
        ticket,
        body,
        internal: false,
        files: request.files('files'),
      })
      filesNotAttached = result.filesNotAttached
    } catch (error) {
      return answerRefusal(ctx, error, render)
    }

    const reopened = !membership.isStaff && ticket.status === 'resolved'
    const notice = reopened ? 'Reply sent. Your request is open again.' : 'Reply sent.'
    if (isHtmx(request)) {
      ticket = await findVisibleTicketOrFail(membership, ticket.reference)
      return render(filesNotAttached ? `${notice} ${filesNotAttached}` : notice)
    }
    session.flash('success', notice)
    if (filesNotAttached) session.flash('error', filesNotAttached)
    return response.redirect().toRoute('portal.tickets.show', { number: ticket.reference })
  }
}

/**
 * The current membership, or a page saying why there is none (an account
 * that belongs to no organization has no requests to show).
 */
async function memberOrRefuse(ctx: HttpContext): Promise<Membership | null> {
  if (ctx.membership) return ctx.membership
  const html = await ctx.view.render('pages/errors/error', {
    status: 403,
    title: 'No organization yet',
    message:
      'Your account is not a member of any organization. Ask an administrator to invite you.',
  })
  ctx.response.status(403).send(html)
  return null
}
