import { chunksOf } from '#domain/chunks'
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { STAFF_ROLES, type Role } from '#models/membership'
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
  const { notificationIds } = await recordNotificationBatch(trx, [event])
  return notificationIds
}

/**
 * The same for many events at once (the SLA monitor's marks of a run),
 * each with exactly the recipients, rows and mails it would get alone, in
 * a few queries: the members are read once per organization, the mail
 * choices once per kind, the rows written by multi-row INSERTs, and the
 * mails handed to the queue together after the commit. With `queueMails:
 * false` the caller hands the returned `deliveryIds` to dispatchDeliveries
 * after the commit itself (the monitor does it while it marks its next
 * round); the relay queues them if it never does.
 */
export async function recordNotificationBatch(
  trx: TransactionClientContract,
  events: NotificationEvent[],
  options: { queueMails?: boolean } = {}
) {
  const byOrganization = new Map<number, NotificationEvent[]>()
  for (const event of events) {
    const list = byOrganization.get(event.ticket.organizationId) ?? []
    list.push(event)
    byOrganization.set(event.ticket.organizationId, list)
  }

  const rows: Array<{
    organization_id: number
    user_id: number
    kind: NotificationKind
    ticket_id: number
    actor_id: number | null
    data: string
  }> = []
  for (const [organizationId, organizationEvents] of byOrganization) {
    const members = await membersFor(trx, organizationId, organizationEvents)
    for (const event of organizationEvents) {
      const recipients = recipientsOf(event, members).filter((id) => id !== event.actorId)
      if (recipients.length === 0) continue
      const data: NotificationData = {
        number: event.ticket.number,
        subject: event.ticket.subject,
        ...(event.data ?? {}),
      }
      for (const userId of recipients) {
        rows.push({
          organization_id: organizationId,
          user_id: userId,
          kind: event.kind,
          ticket_id: event.ticket.id,
          actor_id: event.actorId,
          data: JSON.stringify(data),
        })
      }
    }
  }
  if (rows.length === 0) return { notificationIds: [], deliveryIds: [] }

  const created: Array<{ id: number; user_id: number; organization_id: number; kind: string }> = []
  for (const chunk of chunksOf(rows)) {
    created.push(
      ...((await trx
        .table('notifications')
        .multiInsert(chunk)
        .returning(['id', 'user_id', 'organization_id', 'kind'])) as typeof created)
    )
  }

  // Mail follows each recipient's choice for the kind: one query per kind.
  const mails: typeof created = []
  const kinds = new Set(rows.map((row) => row.kind))
  for (const kind of kinds) {
    const ofKind = created.filter((row) => row.kind === kind)
    const emailed = await usersEmailedFor(trx, kind, [
      ...new Set(ofKind.map((row) => Number(row.user_id))),
    ])
    mails.push(...ofKind.filter((row) => emailed.has(Number(row.user_id))))
  }
  const deliveries: Array<{ id: number }> = []
  for (const chunk of chunksOf(mails)) {
    deliveries.push(
      ...((await trx
        .table('mail_deliveries')
        .multiInsert(
          chunk.map((row) => ({
            organization_id: row.organization_id,
            notification_id: row.id,
            user_id: row.user_id,
          }))
        )
        .returning('id')) as Array<{ id: number }>)
    )
  }

  const deliveryIds = deliveries.map((row) => Number(row.id))
  trx.after('commit', async () => {
    for (const row of created) {
      await emitter
        .emit('notification:created', {
          organizationId: Number(row.organization_id),
          userId: Number(row.user_id),
          notificationId: Number(row.id),
        })
        .catch((error) => logger.error({ err: error }, 'notification:created listener failed'))
    }
    if (options.queueMails !== false) await dispatchDeliveries(deliveryIds)
  })
  return { notificationIds: created.map((row) => Number(row.id)), deliveryIds }
}

/**
 * The active members of an organization (active account too) whom its
 * events may reach, with their roles, in one query: the staff roles the
 * events address as a whole, and the people they name (assignees,
 * requesters).
 */
async function membersFor(
  trx: TransactionClientContract,
  organizationId: number,
  events: NotificationEvent[]
) {
  const roles = new Set<string>()
  const ids = new Set<number>()
  for (const event of events) {
    const assignee = event.ticket.assigneeId
    if (audienceOf(event.kind) === 'customer') {
      ids.add(event.ticket.requesterId)
      continue
    }
    switch (event.kind) {
      case 'ticket_assigned':
        if (assignee) ids.add(assignee)
        break
      case 'customer_replied':
        if (assignee) ids.add(assignee)
        else STAFF_ROLES.forEach((role) => roles.add(role))
        break
      case 'sla_warning':
      case 'sla_breached':
        MANAGERS.forEach((role) => roles.add(role))
        if (assignee) ids.add(assignee)
        break
      default:
        STAFF_ROLES.forEach((role) => roles.add(role))
    }
  }
  const members = new Map<number, string>()
  if (roles.size === 0 && ids.size === 0) return members
  const rows = await trx
    .from('memberships')
    .join('users', 'users.id', 'memberships.user_id')
    .where('memberships.organization_id', organizationId)
    .whereNull('memberships.disabled_at')
    .whereNull('users.disabled_at')
    .where((scope) => {
      if (roles.size > 0) scope.whereIn('memberships.role', [...roles])
      if (ids.size > 0) scope.orWhereIn('memberships.user_id', [...ids])
    })
    .select('memberships.user_id', 'memberships.role')
  for (const row of rows) members.set(Number(row.user_id), row.role)
  return members
}

/** The users an event is for, before leaving out the actor (see recordNotifications). */
function recipientsOf(event: NotificationEvent, members: Map<number, string>) {
  const { ticket } = event
  if (audienceOf(event.kind) === 'customer') {
    return members.has(ticket.requesterId) ? [ticket.requesterId] : []
  }
  const isStaff = (id: number) => STAFF_ROLES.includes(members.get(id) as Role)
  const staff = () => [...members.keys()].filter(isStaff)
  const assignee = ticket.assigneeId
  switch (event.kind) {
    case 'ticket_assigned':
      return assignee && isStaff(assignee) ? [assignee] : []
    case 'customer_replied':
      if (assignee) return isStaff(assignee) ? [assignee] : []
      return staff()
    case 'sla_warning':
    case 'sla_breached':
      return staff().filter((id) => MANAGERS.includes(members.get(id)!) || id === assignee)
    default:
      return staff()
  }
}
