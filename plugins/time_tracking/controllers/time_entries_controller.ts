import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { findVisibleTicketOrFail } from '#kit/tickets'
import TimeEntry from '../models/time_entry.js'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import LogTime from '../actions/log_time.js'
import UpdateTimeEntry from '../actions/update_time_entry.js'
import DeleteTimeEntry from '../actions/delete_time_entry.js'
import { timeEntryValidator } from '../validators.js'
import { entryInput } from '../services/entry_input.js'
import { ticketEntries, ticketTotals } from '../services/ticket_panel.js'
import { formatMinutes } from '../services/time_report.js'
import { backToForm, timePanelUrl } from '../services/form_return.js'

const PER_PAGE = 25

/** An entry of the current organization, or a 404 (another organization's included). */
function findEntryOrFail(ctx: HttpContext) {
  return TimeEntry.query()
    .where('organization_id', ctx.membership!.organizationId)
    .where('id', ctx.params.id)
    .preload('ticket')
    .preload('user')
    .firstOrFail()
}

/**
 * Time logged on tickets: the ticket page's form (the panel itself is the
 * plugin's ticket.sidebar slot), a ticket's full list, editing and
 * deleting an entry.
 */
export default class TimeEntriesController {
  async index(ctx: HttpContext) {
    const membership = ctx.membership!
    const ticket = await findVisibleTicketOrFail(membership, ctx.params.number)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('log')
    const page = Math.max(1, Number.parseInt(String(ctx.request.input('page', '1')), 10) || 1)
    const entries = await ticketEntries(ticket).paginate(page, PER_PAGE)
    entries.baseUrl(router.makeUrl('time_tracking.entries.index', { number: ticket.reference }))
    return ctx.view.render('time_tracking::pages/ticket_entries', {
      ticket,
      entries,
      rows: await Promise.all(
        entries.all().map(async (entry) => ({
          entry,
          editable: await ctx.bouncer.with(TimeEntryPolicy).allows('update', entry),
        }))
      ),
      totals: await ticketTotals(ticket),
      formatMinutes,
    })
  }

  async store(ctx: HttpContext) {
    const membership = ctx.membership!
    const ticket = await findVisibleTicketOrFail(membership, ctx.params.number)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('log')
    let entry: TimeEntry
    try {
      const values = await ctx.request.validateUsing(timeEntryValidator)
      entry = await LogTime.handle(ctx.actor, { ticket, ...entryInput(values) })
    } catch (error) {
      return backToForm(ctx, error, timePanelUrl(ticket.reference))
    }
    ctx.session.flash('success', `Logged ${formatMinutes(entry.minutes)} on ${ticket.reference}.`)
    return ctx.response.redirect(timePanelUrl(ticket.reference))
  }

  async edit(ctx: HttpContext) {
    const entry = await findEntryOrFail(ctx)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('update', entry)
    return ctx.view.render('time_tracking::pages/edit_entry', { entry })
  }

  async update(ctx: HttpContext) {
    const entry = await findEntryOrFail(ctx)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('update', entry)
    try {
      const values = await ctx.request.validateUsing(timeEntryValidator)
      await UpdateTimeEntry.handle(ctx.actor, { entry, ...entryInput(values) })
    } catch (error) {
      return backToForm(ctx, error, router.makeUrl('time_tracking.entries.edit', { id: entry.id }))
    }
    ctx.session.flash('success', `Time entry on ${entry.ticket.reference} saved.`)
    return ctx.response.redirect(timePanelUrl(entry.ticket.reference))
  }

  async destroy(ctx: HttpContext) {
    const entry = await findEntryOrFail(ctx)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('delete', entry)
    await DeleteTimeEntry.handle(ctx.actor, { entry })
    ctx.session.flash('success', `Time entry of ${formatMinutes(entry.minutes)} deleted.`)
    return ctx.response.redirect(timePanelUrl(entry.ticket.reference))
  }
}
