import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Pages that act on an organization's data need one to be chosen; without
 * it the visitor is sent to the desk's front page with an explanation.
 */
export default class OrganizationRequiredMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.organization) {
      ctx.session.flash('error', 'Choose an organization first.')
      return ctx.response.redirect('/desk')
    }
    return next()
  }
}
