import { errors as lucidErrors } from '@adonisjs/lucid'
import Notification from '#models/notification'

/**
 * A person's notifications in one organization: the bell, its list and the
 * rows they act on. Every query holds both the user and the organization,
 * so another person's or organization's notification is never found (404).
 */
export function notificationsOf(userId: number, organizationId: number) {
  return Notification.query()
    .where('notifications.user_id', userId)
    .where('notifications.organization_id', organizationId)
}

/** Newest first, paginated in PostgreSQL (index notifications_list). */
export function notificationPage(userId: number, organizationId: number, page: number) {
  return notificationsOf(userId, organizationId)
    .preload('actor')
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .paginate(page, 20)
}

/** The bell's number (partial index notifications_unread). */
export async function unreadCountOf(userId: number, organizationId: number) {
  const [row] = await notificationsOf(userId, organizationId)
    .whereNull('notifications.read_at')
    .count('* as total')
  return Number(row.$extras.total)
}

export async function findOwnNotificationOrFail(
  userId: number,
  organizationId: number,
  id: number | string
) {
  const notification = /^\d{1,18}$/.test(String(id))
    ? await notificationsOf(userId, organizationId).where('notifications.id', id).first()
    : null
  if (!notification) throw new lucidErrors.E_ROW_NOT_FOUND(Notification)
  return notification
}
