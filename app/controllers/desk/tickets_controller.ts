import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { TICKET_PRIORITIES, TICKET_STATUSES } from '#models/ticket'
import CreateTicketWithAttachments from '#actions/tickets/create_ticket_with_attachments'
import { attachmentInputProps } from '#queries/attachments_for'
import TicketPolicy from '#policies/ticket_policy'
import { listTickets, type TicketFilters } from '#services/search/ticket_list'
import { ticketCounts } from '#services/search/ticket_counts'
import { slaStatuses } from '#services/sla/sla_status'
import { deskTicketState, searchSnippets, staffOf } from '#presenters/ticket_page'
import { snippetParts } from '#kit/snippets'
import { findVisibleTicketOrFail } from '#queries/ticket_scope'
import { isHtmx } from '#http/htmx'
import { createTicketValidator, ticketFiltersValidator } from '#validators/tickets'
import { ticketFormInput } from '#http/form_input'

/** The inbox tabs, in order (views of listTickets). */
const VIEWS = [
  { key: 'unassigned', label: 'Unassigned new' },
  { key: 'mine', label: 'Mine' },
  { key: 'open', label: 'All open' },
  { key: 'breaching', label: 'Breaching soon' },
  { key: 'waiting', label: 'Waiting on customer' },
  { key: 'resolved', label: 'Recently resolved' },
  { key: 'all', label: 'All' },
] as const

const SORTS = [
  { key: '-updated', label: 'Recently updated' },
  { key: 'updated', label: 'Least recently updated' },
  { key: '-created', label: 'Newest first' },
  { key: 'created', label: 'Oldest first' },
  { key: 'priority', label: 'Priority' },
  { key: 'number', label: 'Number' },
  { key: 'due', label: 'SLA due date' },
] as const

const PER_PAGE = 25

/**
 * The desk's tickets: the inbox (views as tabs with counts, filters,
 * sort, search, pages, all in PostgreSQL), opening a ticket, the ticket
 * page. Changes to a ticket go through TicketActionsController.
 */
export default class TicketsController {
  async index(ctx: HttpContext) {
    const { request, view } = ctx
    const membership = ctx.membership!
    const { filters, invalid } = await readFilters(request.qs())
    // Breaching soon reads nearest due date first, and the sort menu says so.
    if (filters.view === 'breaching' && !filters.sort && !filters.q) filters.sort = 'due'
    const counts = await ticketCounts(membership)
    const tickets = await listTickets(membership, { ...filters, per_page: PER_PAGE }, { counts })
    // Page links keep the filters; the page number is the paginator's.
    const kept: Record<string, unknown> = { ...filters }
    delete kept.page
    delete kept.per_page
    tickets.baseUrl(router.makeUrl('desk.tickets.index')).queryString(kept)

    const snippets = filters.q
      ? await searchSnippets(
          membership,
          tickets.all().map((ticket) => ticket.id),
          filters.q
        )
      : new Map()
    const state = {
      tickets,
      filters,
      invalidFilters: invalid,
      counts,
      staff: await staffOf(membership.organizationId),
      views: VIEWS,
      sorts: SORTS,
      statuses: TICKET_STATUSES,
      priorities: TICKET_PRIORITIES,
      snippets,
      snippetParts,
      sla: await slaStatuses(membership.organizationId, tickets.all()),
      filtered: Boolean(
        filters.status || filters.priority || filters.assignee || filters.tag || filters.q
      ),
    }

    // The filter form swaps the results only; the tabs swap the whole inbox.
    if (isHtmx(request)) {
      // The results also bring the tabs' counts (out of band): a live
      // refresh (resources/js/live.js) re-fetches this fragment.
      return request.header('HX-Target') === 'ticket-results'
        ? view.render('pages/desk/tickets/partials/results', { ...state, liveCounts: true })
        : view.render('pages/desk/tickets/partials/inbox', state)
    }
    return view.render('pages/desk/tickets/index', state)
  }

  async create({ view }: HttpContext) {
    return view.render('pages/desk/tickets/new', {
      priorities: TICKET_PRIORITIES,
      attachmentInput: attachmentInputProps(),
    })
  }

  /** Staff open a ticket with themselves as the requester. */
  async store(ctx: HttpContext) {
    const { request, response, session, actor } = ctx
    const input = await createTicketValidator.validate(ticketFormInput(request.all()))
    await ctx.bouncer.with(TicketPolicy).authorize('create')
    const { ticket, filesNotAttached } = await CreateTicketWithAttachments.handle(actor, {
      ...input,
      source: 'desk',
      files: request.files('files'),
    })
    session.flash('success', `${ticket.reference} is open.`)
    if (filesNotAttached) session.flash('error', filesNotAttached)
    return response.redirect().toRoute('desk.tickets.show', { number: ticket.reference })
  }

  async show(ctx: HttpContext) {
    const membership = ctx.membership!
    const ticket = await findVisibleTicketOrFail(membership, ctx.params.number)
    return ctx.view.render(
      'pages/desk/tickets/show',
      await deskTicketState(membership, ticket, ctx.auth.user ?? null)
    )
  }
}

/**
 * The inbox's query string. Links are shared and edited by hand, so a
 * value that does not fit is dropped (and the page says so) rather than
 * refusing the whole page. Without a view the inbox shows open tickets;
 * a search looks at every ticket.
 */
async function readFilters(
  query: Record<string, unknown>
): Promise<{ filters: TicketFilters; invalid: boolean }> {
  const cleaned = Object.fromEntries(
    Object.entries(query).filter(([, value]) => typeof value === 'string' && value.trim() !== '')
  )
  let filters: TicketFilters
  let invalid = false
  try {
    filters = await ticketFiltersValidator.validate(cleaned)
  } catch {
    invalid = true
    filters = {}
    for (const [key, value] of Object.entries(cleaned)) {
      try {
        Object.assign(filters, await ticketFiltersValidator.validate({ [key]: value }))
      } catch {
        // Dropped: the page notes that a filter was ignored.
      }
    }
  }
  filters.view ??= filters.q ? 'all' : 'open'
  return { filters, invalid }
}
