/**
 * Typed core events. Plugins listen to these through their manifest.
 * Every payload of a tenant-owned event carries `organizationId`, which the
 * core uses to skip listeners of plugins an organization switched off.
 * Ticket events carry ids, never content: a listener loads what it may see.
 */
declare module '@adonisjs/core/types' {
  interface EventsList {
    'organization:plugin_toggled': {
      organizationId: number
      pluginId: string
      enabled: boolean
    }
    'ticket:created': { organizationId: number; ticketId: number }
    'ticket:updated': { organizationId: number; ticketId: number }
    'ticket:transitioned': {
      organizationId: number
      ticketId: number
      transition: string
      from: string
      to: string
    }
    /** The SLA monitor found a ticket at 80 % of a target; once per ticket and metric. */
    'sla:warning': {
      organizationId: number
      ticketId: number
      metric: 'first_response' | 'resolution'
    }
    /** A target was missed; once per ticket and metric. */
    'sla:breached': {
      organizationId: number
      ticketId: number
      metric: 'first_response' | 'resolution'
    }
    /**
     * A notification was recorded for a user (after commit): the live layer
     * updates that user's bell. Carries ids only.
     */
    'notification:created': {
      organizationId: number
      userId: number
      notificationId: number
    }
    'ticket:commented': {
      organizationId: number
      ticketId: number
      commentId: number
      internal: boolean
    }
  }
}

export {}
