import type { HttpContext } from '@adonisjs/core/http'
import { formProblem } from '#kit/http'

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
