import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors } from '@adonisjs/core/http'
import plugins from '#services/plugins/main'
import { RequestPlugins } from '#services/plugins/request_plugins'

/**
 * Guards a plugin's routes: a plugin the organization switched off has no
 * pages for it, so they answer 404 like any unknown address. Pages have
 * the request's plugins from CurrentOrganizationMiddleware; an API route
 * (no session) gets them here, for the organization its token chose.
 */
export default class PluginEnabledMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { plugin: string }) {
    if (!(ctx.plugins as RequestPlugins | undefined)) {
      const organizationId = ctx.organization?.id ?? null
      ctx.plugins = new RequestPlugins(plugins, await plugins.enabledIdsFor(organizationId), ctx)
    }
    if (!ctx.plugins.isEnabled(options.plugin)) {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    return next()
  }
}
