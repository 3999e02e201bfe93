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
    /**
     * The SLA monitor found a ticket at 80 % of a target; once per ticket and
     * metric (the ticket's open desk pages are told; inboxes by `sla:marked`).
     */
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
     * One round of the SLA monitor marked these tickets of an organization
     * (after the commit; `sla:warning` / `sla:breached` follow for each):
     * open desks are told once, not once per ticket.
     */
    'sla:marked': {
      organizationId: number
      marks: Array<{
        ticketId: number
        metric: 'first_response' | 'resolution'
        finding: 'warning' | 'breached'
      }>
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
