import type { EventsList } from '@adonisjs/core/types'
import { broadcast, type LivePayload } from '#services/realtime/broadcaster'
import { channels } from '#services/realtime/channels'

/**
 * The typed events pushed live. Every event goes to the organization's
 * desk (inboxes) and to the ticket's staff channel (open desk pages) —
 * the SLA monitor's marks to the desk once per round (`sla:marked`);
 * the ticket's public channel (the requester's page) hears only of public
 * replies and status changes. Payloads carry ids and kinds only.
 */
async function toStaff(organizationId: number, ticketId: number, payload: LivePayload) {
  await Promise.all([
    broadcast(channels.desk(organizationId), payload),
    broadcast(channels.ticketStaff(ticketId), payload),
  ])
}

type Listeners = { [Event in keyof EventsList]?: (event: EventsList[Event]) => Promise<void> }

export const liveListeners: Listeners = {
  'ticket:created': async ({ organizationId, ticketId }) => {
    await broadcast(channels.desk(organizationId), { kind: 'ticket.created', ticketId })
  },

  'ticket:updated': async ({ organizationId, ticketId }) => {
    await toStaff(organizationId, ticketId, { kind: 'ticket.updated', ticketId })
  },

  'ticket:transitioned': async ({ organizationId, ticketId, transition, to }) => {
    await toStaff(organizationId, ticketId, {
      kind: 'ticket.transitioned',
      ticketId,
      transition,
      status: to,
    })
    await broadcast(channels.ticketPublic(ticketId), { kind: 'ticket.status', ticketId })
  },

  'ticket:commented': async ({ organizationId, ticketId, commentId, internal }) => {
    await toStaff(organizationId, ticketId, {
      kind: 'ticket.commented',
      ticketId,
      commentId,
      internal,
    })
    // An internal note is never announced to the customer side, not even its id.
    if (!internal) {
      await broadcast(channels.ticketPublic(ticketId), {
        kind: 'ticket.commented',
        ticketId,
        commentId,
      })
    }
  },

  // The inboxes hear of a round of the SLA monitor once (sla:marked), its
  // tickets' pages each of their own mark.
  'sla:warning': async ({ ticketId, metric }) => {
    await broadcast(channels.ticketStaff(ticketId), { kind: 'sla.warning', ticketId, metric })
  },

  'sla:breached': async ({ ticketId, metric }) => {
    await broadcast(channels.ticketStaff(ticketId), { kind: 'sla.breached', ticketId, metric })
  },

  'sla:marked': async ({ organizationId, marks }) => {
    await broadcast(channels.desk(organizationId), {
      kind: 'sla.marked',
      tickets: marks.map(({ ticketId, metric, finding }) => ({ ticketId, metric, finding })),
    })
  },
}
