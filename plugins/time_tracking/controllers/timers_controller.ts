import type { HttpContext } from '@adonisjs/core/http'
import { findVisibleTicketOrFail } from '#kit/tickets'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import StartTimer from '../actions/start_timer.js'
import StopTimer from '../actions/stop_timer.js'
import { stopTimerValidator } from '../validators.js'
import { formatMinutes } from '../services/time_report.js'
import { backToForm, timePanelUrl } from '../services/form_return.js'

/**
 * The member's timer on a ticket page. It runs in the database (a row
 * with its start time), so it goes on through reloads; the page's script
 * only shows the seconds passing.
 */
export default class TimersController {
  async start(ctx: HttpContext) {
    const ticket = await findVisibleTicketOrFail(ctx.membership!, ctx.params.number)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('log')
    const here = timePanelUrl(ticket.reference)
    let started: boolean
    try {
      ;({ started } = await StartTimer.handle(ctx.actor, { ticket }))
    } catch (error) {
      return backToForm(ctx, error, here)
    }
    ctx.session.flash(
      'success',
      started ? `Timer started on ${ticket.reference}.` : 'Your timer is already running here.'
    )
    return ctx.response.redirect(here)
  }

  async stop(ctx: HttpContext) {
    const ticket = await findVisibleTicketOrFail(ctx.membership!, ctx.params.number)
    await ctx.bouncer.with(TimeEntryPolicy).authorize('log')
    let stopped: Awaited<ReturnType<typeof StopTimer.handle>>
    try {
      const values = await ctx.request.validateUsing(stopTimerValidator)
      stopped = await StopTimer.handle(ctx.actor, {
        ticket,
        billable: values.stop_billable ?? false,
        note: values.stop_note || null,
      })
    } catch (error) {
      return backToForm(ctx, error, timePanelUrl(ticket.reference))
    }
    const { entry, capped } = stopped
    const logged = `Timer stopped: ${formatMinutes(entry.minutes)} logged on ${ticket.reference}.`
    ctx.session.flash(
      'success',
      capped
        ? `${logged} It ran for more than a day, so it was capped; correct it if needed.`
        : logged
    )
    return ctx.response.redirect(timePanelUrl(ticket.reference))
  }
}
