import type { ApplicationService } from '@adonisjs/core/types'
import { fileURLToPath } from 'node:url'
import { PluginRegistry } from '#services/plugins/registry'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    plugins: PluginRegistry
  }
}

/**
 * Finds the plugins at boot and mounts their Edge views as the disk
 * "<id>::". Routes and listeners are wired by start/plugins.ts, after the
 * core routes.
 */
export default class PluginProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('plugins', async () => {
      const { default: env } = await import('#start/env')
      return new PluginRegistry({
        appRoot: fileURLToPath(this.app.appRoot),
        paths: env.get('PLUGINS_PATHS'),
        allow: env.get('PLUGINS_ALLOW'),
      })
    })
  }

  async boot() {
    const registry = await this.app.container.make('plugins')
    await registry.load()

    if (this.app.usingEdgeJS) {
      const { default: edge } = await import('edge.js')
      for (const plugin of registry.active()) {
        if (plugin.viewsDir) edge.mount(plugin.id, plugin.viewsDir)
      }
    }
  }
}
