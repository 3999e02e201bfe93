import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors } from '@adonisjs/core/http'

/**
 * Guards a plugin's routes: a plugin the organization switched off has no
 * pages for it, so they answer 404 like any unknown address.
 */
export default class PluginEnabledMiddleware {
  handle(ctx: HttpContext, next: NextFn, options: { plugin: string }) {
    if (!ctx.plugins.isEnabled(options.plugin)) {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    return next()
  }
}
