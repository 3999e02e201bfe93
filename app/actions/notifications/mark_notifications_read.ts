import { DateTime } from 'luxon'
import type Membership from '#models/membership'
import type Notification from '#models/notification'
import { notificationsOf } from '#services/notifications/notification_list'

/**
 * Marks one notification, or every unread one of the member's current
 * organization, as read. Already read ones keep their time.
 */
export default class MarkNotificationsRead {
  static async one(notification: Notification) {
    if (notification.readAt) return notification
    notification.readAt = DateTime.now()
    await notification.save()
    return notification
  }

  static async all(membership: Membership) {
    const updated = await notificationsOf(membership.userId, membership.organizationId)
      .whereNull('read_at')
      .update({ read_at: new Date() })
    return Number(Array.isArray(updated) ? updated[0] : updated) || 0
  }
}
