/*
|--------------------------------------------------------------------------
| Plugin wiring
|--------------------------------------------------------------------------
|
| Registers the routes and event listeners of every active plugin. Loaded
| after start/routes.ts and start/kernel.ts, so a plugin cannot shadow a
| core route and the kit can hand out the kernel's named middleware.
|
| Routes: `routes(router, kit)` gets the kit's guards. Every plugin route
| answers 404 to an organization that switched the plugin off. Pages get
| the web middleware stack; a route guarded by `kit.guards.apiToken` gets
| no session and no CSRF check (the plugin check runs after the token
| decided the organization).
|
| Listeners are skipped for an organization that switched the plugin off;
| one that throws is logged and never fails the core action that emitted
| the event (which has committed by then).
|
*/
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import router from '@adonisjs/core/services/router'
import { BriskRoute, Route, RouteGroup, RouteResource } from '@adonisjs/core/http'
import type { EventsList } from '@adonisjs/core/types'
import type { StoreRouteMiddleware } from '@adonisjs/core/types/http'
import plugins from '#services/plugins/main'
import type { PluginKit } from '#services/plugins/define_plugin'
import { middleware, webMiddleware } from '#start/kernel'

/** The kit handed to every plugin's routes(): one shared, frozen object. */
const kit: PluginKit = Object.freeze({
  guards: Object.freeze({
    signedIn: middleware.auth(),
    staff: middleware.desk(),
    manager: middleware.desk({ role: 'manager' }),
    admin: middleware.desk({ role: 'admin' }),
    apiToken: middleware.apiAuth(),
  }),
  uploads: middleware.uploads(),
})

/** The routes a group holds, groups and resources unfolded. */
function routesOf(entry: RouteGroup | Route | RouteResource | BriskRoute): Route[] {
  if (entry instanceof RouteGroup) return entry.routes.flatMap((child) => routesOf(child))
  if (entry instanceof RouteResource) return entry.routes
  if (entry instanceof BriskRoute) return entry.route ? [entry.route] : []
  return [entry]
}

for (const plugin of plugins.active()) {
  const { manifest } = plugin

  if (manifest.routes) {
    const group = router.group(() => manifest.routes!(router, kit))
    for (const route of routesOf(group)) {
      const stack = route.getMiddleware()
      const enabled = middleware.pluginEnabled({ plugin: plugin.id })
      if (stack.flat().includes(kit.guards.apiToken as StoreRouteMiddleware)) {
        // After the token's guard, which decides the organization.
        route.use(enabled)
      } else {
        // Before the route's own middleware, as a group's would be.
        stack.unshift([...webMiddleware(), enabled] as unknown as StoreRouteMiddleware[])
      }
    }
  }

  for (const [event, listener] of Object.entries(manifest.listeners ?? {})) {
    emitter.on(event as keyof EventsList, async (payload: unknown) => {
      try {
        const organizationId = (payload as { organizationId?: number })?.organizationId ?? null
        if (!(await plugins.isEnabledFor(plugin.id, organizationId))) return
        await (listener as (data: unknown) => unknown)(payload)
      } catch (error) {
        logger.error({ err: error, plugin: plugin.id, event }, 'plugin listener failed')
      }
    })
  }
}
