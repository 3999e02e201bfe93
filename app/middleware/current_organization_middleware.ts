import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type Organization from '#models/organization'
import plugins from '#services/plugins/main'
import { RequestPlugins } from '#services/plugins/request_plugins'
import type Membership from '#models/membership'
import Actor from '#actions/actor'
import { activeMembershipsOf, chooseMembership } from '#http/current_membership'
import { unreadCountOf } from '#presenters/notification_list'

/**
 * Resolves who is signed in (session or "remember me" cookie), the
 * organization they work in and their role there (`ctx.actor`, who the
 * request's actions act as), and the plugins that organization has on;
 * shares them with the views.
 *
 * A session from before a password change (older session version) or of
 * a disabled account is ended here.
 */
export default class CurrentOrganizationMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { auth, session } = ctx
    await auth.use('web').check()
    const user = auth.use('web').user
    let memberships: Membership[] = []

    if (user) {
      const sessionVersion = session.get('sessionVersion')
      if (
        user.isDisabled ||
        (sessionVersion !== undefined && sessionVersion !== user.sessionVersion)
      ) {
        await auth.use('web').logout()
        session.flash('error', 'Your session has ended. Please sign in again.')
      } else {
        if (sessionVersion === undefined) session.put('sessionVersion', user.sessionVersion)
        memberships = await activeMembershipsOf(user)
        ctx.membership = chooseMembership(memberships, session.get('organizationId'))
        ctx.organization = ctx.membership?.organization ?? null
        if (ctx.organization) session.put('organizationId', ctx.organization.id)
      }
    }

    ctx.actor = Actor.forRequest(ctx, auth.use('web').user ?? null)
    ctx.plugins = new RequestPlugins(
      plugins,
      await plugins.enabledIdsFor(ctx.organization?.id ?? null),
      ctx
    )
    ctx.view.share({
      currentUser: auth.use('web').user ?? null,
      membership: ctx.membership,
      memberships,
      organization: ctx.organization,
      plugins: ctx.plugins,
      // The bell's count, queried only by pages that show a bell.
      unreadNotifications: async () =>
        ctx.membership ? unreadCountOf(ctx.membership.userId, ctx.membership.organizationId) : 0,
    })

    return next()
  }
}

declare module '@adonisjs/core/http' {
  interface HttpContext {
    organization: Organization | null
    plugins: RequestPlugins
  }
}
