import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { STAFF_ROLES } from '#models/membership'
import {
  audienceOf,
  type NotificationData,
  type NotificationKind,
} from '#services/notifications/kinds'
import { usersEmailedFor } from '#services/notifications/preferences'
import { dispatchDeliveries } from '#services/notifications/mail_outbox'

/** The ticket a notification is about, as the caller holds it. */
export interface NotifiedTicket {
  id: number
  organizationId: number
  number: number
  subject: string
  requesterId: number
  assigneeId: number | null
}

export interface NotificationEvent {
  kind: NotificationKind
  ticket: NotifiedTicket
  /** Who did it (never notified of their own action); null for the system. */
  actorId: number | null
  data?: Pick<NotificationData, 'commentId' | 'metric'>
}

const MANAGERS = ['manager', 'admin']

/**
 * Records the notifications of an event, and the pending mails of those
 * recipients who chose mail for its kind, inside the caller's transaction:
 * they commit (or roll back) with the change that caused them. After the
 * commit, `notification:created` is emitted for each (the live bell) and
 * the mails are handed to the `mail` queue; a mail that cannot be queued
 * then (Redis down) stays pending and the relay queues it later.
 *
 * Recipients, by kind:
 * - ticket_created: the organization's staff;
 * - ticket_assigned: the new assignee;
 * - customer_replied: the assignee, or the staff while unassigned;
 * - sla_warning, sla_breached: the assignee and the managers and admins;
 * - staff_replied, ticket_waiting, ticket_resolved: the requester.
 * Only active members of the ticket's organization (staff kinds: active
 * staff) with an active account are notified, and never the actor.
 */
export async function recordNotifications(
  trx: TransactionClientContract,
  event: NotificationEvent
) {
  const { ticket, kind } = event
  const candidates = await recipientsOf(trx, event)
  const recipients = candidates.filter((id) => id !== event.actorId)
  if (recipients.length === 0) return []

  const data: NotificationData = {
    number: ticket.number,
    subject: ticket.subject,
    ...(event.data ?? {}),
  }
  const rows = recipients.map((userId) => ({
    organization_id: ticket.organizationId,
    user_id: userId,
    kind,
    ticket_id: ticket.id,
    actor_id: event.actorId,
    data: JSON.stringify(data),
  }))
  const created = (await trx
    .table('notifications')
    .multiInsert(rows)
    .returning(['id', 'user_id'])) as Array<{
    id: number
    user_id: number
  }>

  const emailed = await usersEmailedFor(trx, kind, recipients)
  const mails = created.filter((row) => emailed.has(Number(row.user_id)))
  const deliveries =
    mails.length === 0
      ? []
      : ((await trx
          .table('mail_deliveries')
          .multiInsert(
            mails.map((row) => ({
              organization_id: ticket.organizationId,
              notification_id: row.id,
              user_id: row.user_id,
            }))
          )
          .returning('id')) as Array<{ id: number }>)

  trx.after('commit', async () => {
    for (const row of created) {
      await emitter
        .emit('notification:created', {
          organizationId: ticket.organizationId,
          userId: Number(row.user_id),
          notificationId: Number(row.id),
        })
        .catch((error) => logger.error({ err: error }, 'notification:created listener failed'))
    }
    await dispatchDeliveries(deliveries.map((row) => Number(row.id)))
  })
  return created.map((row) => Number(row.id))
}

/** The users an event is for, before leaving out the actor. */
async function recipientsOf(trx: TransactionClientContract, event: NotificationEvent) {
  const { ticket } = event
  const query = trx
    .from('memberships')
    .join('users', 'users.id', 'memberships.user_id')
    .where('memberships.organization_id', ticket.organizationId)
    .whereNull('memberships.disabled_at')
    .whereNull('users.disabled_at')
    .distinct('memberships.user_id')

  if (audienceOf(event.kind) === 'customer') {
    query.where('memberships.user_id', ticket.requesterId)
  } else {
    query.whereIn('memberships.role', STAFF_ROLES as string[])
    const assignee = ticket.assigneeId
    switch (event.kind) {
      case 'ticket_created':
        break
      case 'customer_replied':
        if (assignee) query.where('memberships.user_id', assignee)
        break
      case 'ticket_assigned':
        if (!assignee) return []
        query.where('memberships.user_id', assignee)
        break
      case 'sla_warning':
      case 'sla_breached':
        query.where((scope) => {
          scope.whereIn('memberships.role', MANAGERS)
          if (assignee) scope.orWhere('memberships.user_id', assignee)
        })
        break
    }
  }
  const rows = await query
  return rows.map((row) => Number(row.user_id))
}
