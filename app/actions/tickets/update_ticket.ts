import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import Ticket, { type TicketPriority } from '#models/ticket'
import { bouncerFor, guard } from '#policies/kit'
import TicketPolicy from '#policies/ticket_policy'
import TransitionTicket from '#actions/tickets/transition_ticket'
import { normalizeTags } from '#domain/tags'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { TicketSla } from '#services/sla/ticket_sla'
import { recordNotifications } from '#services/notifications/record_notifications'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'

export interface UpdateTicketInput {
  ticket: Ticket
  priority?: TicketPriority
  category?: string | null
  tags?: string[]
  /** Reassignment without a status change (the lifecycle's assign is TransitionTicket). */
  assigneeId?: number | null
}

/**
 * Changes a ticket's priority, category, tags or assignee, as TicketPolicy
 * allows (update, setPriority, assign): staff set category and tags;
 * managers and admins set priority and assign anyone; an agent may only
 * take a ticket for themselves.
 */
export default class UpdateTicket {
  static async handle(actor: Actor, { ticket, ...input }: UpdateTicketInput) {
    const membership = actor.membershipOrFail()
    await guard(bouncerFor(membership).with(TicketPolicy).authorize('update', ticket, input))
    if (input.assigneeId !== undefined && input.assigneeId !== null) {
      await TransitionTicket.ensureStaff(ticket.organizationId, input.assigneeId)
    }

    const updated = await db.transaction(async (trx) => {
      const locked = await lockedRow(Ticket, membership.organizationId, ticket.id, trx)
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      const change = <K extends 'priority' | 'category' | 'tags' | 'assigneeId'>(
        key: K,
        column: string,
        value: Ticket[K] | undefined
      ) => {
        if (value === undefined || JSON.stringify(locked[key]) === JSON.stringify(value)) return
        before[column] = locked[key]
        after[column] = value
        locked[key] = value
      }
      change('priority', 'priority', input.priority)
      change('category', 'category', input.category)
      change('tags', 'tags', input.tags === undefined ? undefined : normalizeTags(input.tags))
      change('assigneeId', 'assignee_id', input.assigneeId)
      if (Object.keys(after).length === 0) return locked

      locked.useTransaction(trx)
      // A new priority may bring other targets (its own policy).
      if ('priority' in after) await new TicketSla(locked, trx).retarget('targets_changed')
      await locked.save()
      await appendAuditEvent(
        {
          organizationId: locked.organizationId,
          action: 'ticket.updated',
          subjectType: 'ticket',
          subjectId: locked.number,
          before,
          after,
        },
        actor,
        trx
      )
      if (after.assignee_id) {
        await recordNotifications(trx, {
          kind: 'ticket_assigned',
          ticket: locked,
          actorId: membership.userId,
        })
      }
      return locked
    })

    await emitter.emit('ticket:updated', {
      organizationId: updated.organizationId,
      ticketId: updated.id,
    })
    return updated
  }
}
