import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import Ticket, { type TicketStatus } from '#models/ticket'
import Membership from '#models/membership'
import ActionError from '#exceptions/action_error'
import { TRANSITIONS, canTransition, type TransitionName } from '#domain/lifecycle'
import { bouncerFor, guard } from '#policies/kit'
import TicketPolicy from '#policies/ticket_policy'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { TicketSla } from '#services/sla/ticket_sla'
import { recordNotifications } from '#services/notifications/record_notifications'
import type { NotificationKind } from '#services/notifications/kinds'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'

export interface TransitionTicketInput {
  ticket: Ticket
  transition: TransitionName
  /** Who the ticket goes to (the assign transition). */
  assigneeId?: number | null
}

/** The transitions someone hears of: the new assignee, or the customer. */
const NOTIFIED: Partial<Record<TransitionName, NotificationKind>> = {
  assign: 'ticket_assigned',
  wait: 'ticket_waiting',
  resolve: 'ticket_resolved',
}

/**
 * Moves a ticket along the lifecycle. The row is locked first, so two
 * people acting at once cannot both move it from the same status. An
 * illegal transition (409) or one TicketPolicy refuses (403) changes
 * nothing.
 */
export default class TransitionTicket {
  static async handle(
    actor: Actor,
    { ticket, transition, assigneeId: newAssigneeId }: TransitionTicketInput
  ) {
    const membership = actor.membershipOrFail()
    const updated = await db.transaction(async (trx) => {
      const locked = await lockedRow(Ticket, membership.organizationId, ticket.id, trx)

      if (!canTransition(locked.status, transition)) {
        const label = statusLabel(locked.status)
        throw new ActionError(
          `${/^[aeiou]/.test(label) ? 'An' : 'A'} ${label} ticket cannot be ${pastTense(transition)}.`,
          'action',
          { status: 409 }
        )
      }

      let assigneeId = locked.assigneeId
      if (transition === 'assign') {
        assigneeId = newAssigneeId ?? null
        if (!assigneeId)
          throw new ActionError('Choose who the ticket is assigned to.', 'assignee_id')
        await TransitionTicket.ensureStaff(locked.organizationId, assigneeId)
      }
      // Again on the locked row: the assignee may have changed since the page asked.
      await guard(
        bouncerFor(membership)
          .with(TicketPolicy)
          .authorize('transition', locked, transition, assigneeId)
      )

      const before = { status: locked.status, assignee_id: locked.assigneeId }
      locked.useTransaction(trx)
      locked.status = TRANSITIONS[transition].to
      locked.assigneeId = assigneeId
      if (transition === 'resolve') locked.resolvedAt = DateTime.now()
      if (transition === 'reopen') locked.resolvedAt = null
      if (transition === 'close') locked.closedAt = DateTime.now()
      await new TicketSla(locked, trx).statusChanged(before.status, locked.status)
      await locked.save()

      await appendAuditEvent(
        {
          organizationId: locked.organizationId,
          action: `ticket.${transition}`,
          subjectType: 'ticket',
          subjectId: locked.number,
          before,
          after: { status: locked.status, assignee_id: locked.assigneeId },
        },
        actor,
        trx
      )
      const kind = NOTIFIED[transition]
      if (kind) {
        await recordNotifications(trx, {
          kind,
          ticket: locked,
          actorId: membership.userId,
        })
      }
      return locked
    })

    await emitter.emit('ticket:transitioned', {
      organizationId: updated.organizationId,
      ticketId: updated.id,
      transition,
      from: ticket.status,
      to: updated.status,
    })
    return updated
  }

  /** An assignee must be active staff of the ticket's organization. */
  static async ensureStaff(organizationId: number, userId: number) {
    const membership = await Membership.query()
      .where('organization_id', organizationId)
      .where('user_id', userId)
      .whereNull('disabled_at')
      .whereIn('role', ['agent', 'manager', 'admin'])
      .first()
    if (!membership) {
      throw new ActionError('The assignee must be an agent, manager or admin here.', 'assignee_id')
    }
  }
}

function statusLabel(status: TicketStatus) {
  return status.replace('_', ' ')
}

function pastTense(transition: TransitionName) {
  const words: Record<TransitionName, string> = {
    accept: 'accepted',
    assign: 'assigned',
    start: 'started',
    wait: 'set to wait for the customer',
    resolve: 'resolved',
    reopen: 'reopened',
    close: 'closed',
  }
  return words[transition]
}
