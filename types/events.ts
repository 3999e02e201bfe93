/**
 * Typed core events. Plugins listen to these through their manifest.
 * Every payload of a tenant-owned event carries `organizationId`, which the
 * core uses to skip listeners of plugins an organization switched off.
 */
declare module '@adonisjs/core/types' {
  interface EventsList {
    'organization:plugin_toggled': {
      organizationId: number
      pluginId: string
      enabled: boolean
    }
  }
}

export {}
