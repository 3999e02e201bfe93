import type { TicketStatus } from '#models/ticket'

/**
 * The ticket lifecycle of docs/architecture.md:
 *
 *   new ─accept→ accepted ─assign→ assigned ─start→ in_progress ⇄ waiting_customer
 *   in_progress ─resolve→ resolved ─close→ closed;  resolved ─reopen→ in_progress
 *
 * `wait` parks an in-progress ticket on the customer, `start` takes it up
 * again (a customer's reply does that too). Pure rules of the states: the
 * actions apply them (app/actions/tickets); who may take a step is
 * TicketPolicy.transition (app/policies/ticket_policy.ts).
 */
export const TRANSITIONS = {
  accept: { from: ['new'], to: 'accepted' },
  assign: { from: ['accepted'], to: 'assigned' },
  start: { from: ['assigned', 'waiting_customer'], to: 'in_progress' },
  wait: { from: ['in_progress'], to: 'waiting_customer' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  reopen: { from: ['resolved'], to: 'in_progress' },
  close: { from: ['resolved'], to: 'closed' },
} as const satisfies Record<string, { from: readonly TicketStatus[]; to: TicketStatus }>

export type TransitionName = keyof typeof TRANSITIONS
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[]

export function canTransition(status: TicketStatus, transition: TransitionName) {
  return (TRANSITIONS[transition].from as readonly TicketStatus[]).includes(status)
}

/** The transitions a ticket in this status offers (before TicketPolicy's say). */
export function transitionsFrom(status: TicketStatus): TransitionName[] {
  return TRANSITION_NAMES.filter((name) => canTransition(status, name))
}
