import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import Organization from '#models/organization'
import plugins from '#services/plugins/main'
import { RequestPlugins } from '#services/plugins/request_plugins'

/**
 * Resolves the organization the visitor works in (kept in the session) and
 * the plugins it has on, and shares both with the views.
 */
export default class CurrentOrganizationMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const organizationId = ctx.session.get('organizationId')
    const organization =
      typeof organizationId === 'number' ? await Organization.find(organizationId) : null

    ctx.organization = organization
    ctx.plugins = new RequestPlugins(
      plugins,
      await plugins.enabledIdsFor(organization?.id ?? null),
      ctx
    )
    ctx.view.share({ organization, plugins: ctx.plugins })

    return next()
  }
}

declare module '@adonisjs/core/http' {
  interface HttpContext {
    organization: Organization | null
    plugins: RequestPlugins
  }
}
