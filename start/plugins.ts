/*
|--------------------------------------------------------------------------
| Plugin wiring
|--------------------------------------------------------------------------
|
| Registers the routes and event listeners of every active plugin. Loaded
| after start/routes.ts, so a plugin cannot shadow a core route. Plugin
| routes are pages: they get the web middleware stack, and answer 404 to an
| organization that switched the plugin off. Listeners are skipped for such
| an organization.
|
*/
import emitter from '@adonisjs/core/services/emitter'
import router from '@adonisjs/core/services/router'
import type { EventsList } from '@adonisjs/core/types'
import plugins from '#services/plugins/main'
import { middleware, webMiddleware } from '#start/kernel'

for (const plugin of plugins.active()) {
  const { manifest } = plugin

  if (manifest.routes) {
    router
      .group(() => manifest.routes!(router))
      .use([...webMiddleware(), middleware.pluginEnabled({ plugin: plugin.id })])
  }

  for (const [event, listener] of Object.entries(manifest.listeners ?? {})) {
    emitter.on(event as keyof EventsList, async (payload: unknown) => {
      const organizationId = (payload as { organizationId?: number })?.organizationId ?? null
      if (!(await plugins.isEnabledFor(plugin.id, organizationId))) return
      await (listener as (data: unknown) => unknown)(payload)
    })
  }
}
