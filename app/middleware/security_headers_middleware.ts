import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Headers every response carries, API and health probes included (pages
 * get the rest of shield's headers from the web stack): no MIME sniffing,
 * and no full URLs (which may hold ticket numbers) leaked to other sites.
 */
export default class SecurityHeadersMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header('Referrer-Policy', 'strict-origin-when-cross-origin')
    return next()
  }
}
