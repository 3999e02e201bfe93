import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import type { TransitionName } from '#domain/lifecycle'
import { MemberPolicy, NOT_YOUR_ROLE, type Refusal, refuse, sameOrganization } from '#policies/kit'

type TicketRecord = Pick<Ticket, 'organizationId' | 'requesterId' | 'assigneeId'>

/**
 * Who may do what with a ticket (the role table of docs/architecture.md).
 * Whether a step of the lifecycle is possible from the ticket's status is
 * lifecycle.ts's question (409); whether this member may take it is this
 * policy's (403). The query form of `view` is visibleTickets
 * (queries/ticket_scope.ts), which asks `viewAll`.
 */
export default class TicketPolicy extends MemberPolicy {
  /** Every ticket of the organization: staff, and customers where the organization shares them. */
  viewAll(actor: Membership): boolean {
    return actor.isStaff || Boolean(actor.organization?.customersSeeAllTickets)
  }

  /** Staff see every ticket of their organization; a customer their own (or all, as above). */
  view(actor: Membership, ticket: TicketRecord): boolean {
    return (
      sameOrganization(actor, ticket) &&
      (this.viewAll(actor) || ticket.requesterId === actor.userId)
    )
  }

  /** A ticket's own audit trail: staff (customers never see the audit trail). */
  viewHistory(actor: Membership, ticket: Pick<Ticket, 'organizationId'>): AuthorizerResponse {
    return (
      (actor.isStaff && sameOrganization(actor, ticket)) || refuse('The audit trail is for staff.')
    )
  }

  /** Any member opens tickets: customers in the portal, staff at the desk and through the API. */
  create(actor: Membership): boolean {
    return actor.isActive
  }

  /** Whoever sees a ticket replies on it (a closed ticket takes none: the action's 409). */
  reply(actor: Membership, ticket: TicketRecord): boolean {
    return this.view(actor, ticket)
  }

  /** Internal notes are written (and read) by staff only. */
  note(actor: Membership, ticket: TicketRecord): AuthorizerResponse {
    if (!actor.isStaff || !sameOrganization(actor, ticket)) {
      return refuse('Only staff can write internal notes.', 'internal')
    }
    return true
  }

  /**
   * One step of the lifecycle:
   * - accept, close: managers and admins;
   * - assign: managers and admins to anyone on the staff, agents to themselves;
   * - start, wait, resolve, reopen: the assignee (an agent), managers and admins.
   * Customers move tickets only by replying (AddComment).
   */
  transition(
    actor: Membership,
    ticket: TicketRecord,
    name: TransitionName,
    assigneeId?: number | null
  ): AuthorizerResponse {
    return this.#mayTransition(actor, ticket, name, assigneeId) || refuse(NOT_YOUR_ROLE, 'action')
  }

  /**
   * Details: staff set category and tags; a change of the priority or the
   * assignee also needs setPriority / assign (the fields the change names).
   */
  update(
    actor: Membership,
    ticket: TicketRecord,
    changes: { priority?: unknown; assigneeId?: number | null } = {}
  ): AuthorizerResponse {
    if (!actor.isStaff || !sameOrganization(actor, ticket)) return refuse(NOT_YOUR_ROLE)
    if (changes.priority !== undefined) {
      const priority = this.setPriority(actor, ticket)
      if (priority !== true) return priority
    }
    if (changes.assigneeId !== undefined) return this.assign(actor, ticket, changes.assigneeId)
    return true
  }

  /** The priority (and with it the SLA targets): managers and admins. */
  setPriority(actor: Membership, ticket: TicketRecord): true | Refusal {
    if (!actor.isStaff || !sameOrganization(actor, ticket)) return refuse(NOT_YOUR_ROLE)
    return (
      actor.hasAtLeast('manager') ||
      refuse('Only managers and admins set the priority.', 'priority')
    )
  }

  /**
   * Handing a ticket to someone outside the lifecycle's assign (or taking
   * it): managers and admins to anyone (or no one), an agent to themselves.
   */
  assign(actor: Membership, ticket: TicketRecord, assigneeId: number | null): true | Refusal {
    if (!actor.isStaff || !sameOrganization(actor, ticket)) return refuse(NOT_YOUR_ROLE)
    if (actor.hasAtLeast('manager') || assigneeId === actor.userId) return true
    return refuse('Agents may only assign tickets to themselves.', 'assignee_id')
  }

  #mayTransition(
    actor: Membership,
    ticket: TicketRecord,
    name: TransitionName,
    assigneeId?: number | null
  ) {
    if (!actor.isStaff || !sameOrganization(actor, ticket)) return false
    if (actor.hasAtLeast('manager')) return true
    switch (name) {
      case 'assign':
        return assigneeId === actor.userId
      case 'start':
      case 'wait':
      case 'resolve':
      case 'reopen':
        return ticket.assigneeId === actor.userId
      default:
        return false
    }
  }
}
