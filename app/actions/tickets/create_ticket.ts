import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Ticket, { type TicketPriority, type TicketSource } from '#models/ticket'
import type Actor from '#actions/actor'
import { renderMarkdown } from '#domain/markdown'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { normalizeTags } from '#domain/tags'
import { TicketSla } from '#services/sla/ticket_sla'
import { recordNotifications } from '#services/notifications/record_notifications'

export interface CreateTicketInput {
  subject: string
  description: string
  priority?: TicketPriority
  category?: string | null
  tags?: string[]
  source: TicketSource
}

/**
 * Opens a ticket for the member (the requester). Its number is the next of
 * the organization's counter, taken in the same transaction: numbers are
 * gap-free and unique under concurrent creation (the counter row is
 * locked until the ticket commits).
 */
export default class CreateTicket {
  static async handle(actor: Actor, input: CreateTicketInput, trx?: TransactionClientContract) {
    const membership = actor.membershipOrFail()
    const run = async (client: TransactionClientContract) => {
      const [{ last_number: number }] = await client
        .rawQuery(
          `INSERT INTO ticket_counters (organization_id, last_number) VALUES (?, 1)
         ON CONFLICT (organization_id) DO UPDATE SET last_number = ticket_counters.last_number + 1
         RETURNING last_number`,
          [membership.organizationId]
        )
        .then((result) => result.rows)

      // Only staff set priority and category when opening a ticket.
      const staff = membership.isStaff
      const ticket = await Ticket.create(
        {
          organizationId: membership.organizationId,
          number,
          subject: input.subject,
          description: input.description,
          descriptionHtml: renderMarkdown(input.description),
          status: 'new',
          priority: staff ? (input.priority ?? 'normal') : 'normal',
          category: staff ? (input.category ?? null) : null,
          tags: staff ? normalizeTags(input.tags ?? []) : [],
          source: input.source,
          requesterId: membership.userId,
          assigneeId: null,
        },
        { client }
      )
      // Due dates count from the creation instant the row now has.
      if (await new TicketSla(ticket, client).start()) await ticket.save()
      await appendAuditEvent(
        {
          organizationId: ticket.organizationId,
          action: 'ticket.created',
          subjectType: 'ticket',
          subjectId: ticket.number,
          after: {
            subject: ticket.subject,
            status: ticket.status,
            priority: ticket.priority,
            source: ticket.source,
          },
        },
        actor,
        client
      )
      await recordNotifications(client, {
        kind: 'ticket_created',
        ticket,
        actorId: membership.userId,
      })
      return ticket
    }

    const ticket = trx ? await run(trx) : await db.transaction(run)
    await emitter.emit('ticket:created', {
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
    })
    return ticket
  }
}
