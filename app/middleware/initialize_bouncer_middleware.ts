import { Bouncer } from '@adonisjs/bouncer'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { policies } from '#policies/main'
import * as abilities from '#abilities/main'
import type Membership from '#models/membership'
import Actor from '#actions/actor'

/**
 * One bouncer per request. The actor is the signed-in person's membership
 * in the current organization, resolved later by the web stack (or by the
 * API token), so it is read when a check runs, not now.
 */
export default class InitializeBouncerMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.membership = null
    ctx.organization = null
    // A visitor until the web stack or the API token says who is signed in.
    ctx.actor = Actor.forRequest(ctx)
    ctx.bouncer = new Bouncer(() => ctx.membership, abilities, policies).setContainerResolver(
      ctx.containerResolver
    )

    if ('view' in ctx) {
      ctx.view.share(ctx.bouncer.edgeHelpers)
    }

    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    bouncer: Bouncer<Membership, typeof abilities, typeof policies>
    membership: Membership | null
  }
}
