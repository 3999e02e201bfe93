import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { homeFor } from '#http/home'

/**
 * Sign-in, reset and invitation pages are for visitors who are not signed
 * in; a signed-in person goes to their home (desk or portal).
 */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.auth.use('web').isAuthenticated) {
      return ctx.response.redirect(homeFor(ctx.membership))
    }
    return next()
  }
}
