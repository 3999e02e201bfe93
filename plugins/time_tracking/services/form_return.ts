import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { formProblem } from '#kit/http'

/** The time panel of a ticket's desk page: where its forms return. */
export function timePanelUrl(reference: string) {
  return `${router.makeUrl('desk.tickets.show', { number: reference })}#time-tracking`
}

/**
 * A refused form goes back to where it sits (the time panel is far down
 * the ticket page: `url` carries its anchor), filled in, with the
 * messages beside its fields. Anything but a refusal is rethrown.
 */
export function backToForm(ctx: HttpContext, error: unknown, url: string) {
  const problem = formProblem(error)
  if (!problem) throw error
  ctx.session.flashExcept(['_csrf'])
  ctx.session.flash('inputErrorsBag', problem.fields)
  if (problem.message) ctx.session.flash('error', problem.message)
  return ctx.response.redirect(url)
}
