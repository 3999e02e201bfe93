import type { TicketStatus } from '#models/ticket'
import type Membership from '#models/membership'

/**
 * The ticket lifecycle of docs/architecture.md:
 *
 *   new ─accept→ accepted ─assign→ assigned ─start→ in_progress ⇄ waiting_customer
 *   in_progress ─resolve→ resolved ─close→ closed;  resolved ─reopen→ in_progress
 *
 * `wait` parks an in-progress ticket on the customer, `start` takes it up
 * again (a customer's reply does that too). Pure rules: the actions apply
 * them (services/tickets and app/actions/tickets).
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

/** The transitions a ticket in this status offers (before role checks). */
export function transitionsFrom(status: TicketStatus): TransitionName[] {
  return TRANSITION_NAMES.filter((name) => canTransition(status, name))
}

/**
 * Who may perform a transition (the role table of docs/architecture.md):
 * - accept, close: managers and admins;
 * - assign: managers and admins to anyone on the staff, agents to themselves;
 * - start, wait, resolve, reopen: the assignee (an agent), managers and admins.
 * Customers move tickets only by replying (see AddComment).
 */
export function mayTransition(
  membership: Membership,
  transition: TransitionName,
  ticket: { assigneeId: number | null },
  assigneeId?: number | null
) {
  if (!membership.isStaff) return false
  if (membership.hasAtLeast('manager')) return true
  switch (transition) {
    case 'assign':
      return assigneeId === membership.userId
    case 'start':
    case 'wait':
    case 'resolve':
    case 'reopen':
      return ticket.assigneeId === membership.userId
    default:
      return false
  }
}
