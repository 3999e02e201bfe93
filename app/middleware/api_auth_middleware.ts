import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors } from '@adonisjs/auth'
import { membershipForAccessToken } from '#http/api_membership'
import Actor from '#actions/actor'

/**
 * /api/v1: a valid access token of an active member. The token decides the
 * organization; anything else answers 401.
 */
export default class ApiAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await ctx.auth.use('api').authenticate()
    const membership = await membershipForAccessToken(ctx)
    if (!membership) {
      throw new errors.E_UNAUTHORIZED_ACCESS('Unauthorized access', { guardDriverName: 'api' })
    }
    ctx.membership = membership
    ctx.organization = membership.organization
    ctx.actor = Actor.forRequest(ctx, ctx.auth.use('api').user!)
    return next()
  }
}
