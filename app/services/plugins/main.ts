import app from '@adonisjs/core/services/app'
import type { PluginRegistry } from '#services/plugins/registry'

let plugins: PluginRegistry

/**
 * The plugin registry, resolved once the app has booted.
 */
await app.booted(async () => {
  plugins = await app.container.make('plugins')
})

export { plugins as default }
