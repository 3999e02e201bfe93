import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'

/** The notifications of a user, oldest first: `kind` and whether a mail is pending for it. */
export async function notificationsFor(user: User) {
  const rows = await db
    .from('notifications')
    .leftJoin('mail_deliveries', 'mail_deliveries.notification_id', 'notifications.id')
    .where('notifications.user_id', user.id)
    .orderBy('notifications.id')
    .select(
      'notifications.id',
      'notifications.kind',
      'notifications.organization_id',
      'notifications.ticket_id',
      'notifications.data',
      'mail_deliveries.id as delivery_id'
    )
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind as string,
    organizationId: Number(row.organization_id),
    ticketId: Number(row.ticket_id),
    data: row.data,
    mailed: row.delivery_id !== null,
    deliveryId: row.delivery_id === null ? null : Number(row.delivery_id),
  }))
}

export async function kindsFor(user: User) {
  const rows = await notificationsFor(user)
  return rows.map((row) => row.kind)
}

/** The user's notifications of one kind, oldest first. */
export async function notificationsOfKind(user: User, kind: string) {
  const rows = await notificationsFor(user)
  return rows.filter((row) => row.kind === kind)
}

/** When a notification was read (null while unread). */
export async function readAtOf(id: number) {
  const row = await db.from('notifications').where('id', id).first()
  return row.read_at as Date | null
}
