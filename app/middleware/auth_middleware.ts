import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Pages for signed-in people. Visitors go to the sign-in page, which
 * brings them back here afterwards.
 */
export default class AuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.auth.use('web').isAuthenticated) {
      if (ctx.request.method() === 'GET') ctx.session.put('intendedUrl', ctx.request.url(true))
      return ctx.response.redirect().toRoute('login')
    }
    return next()
  }
}
