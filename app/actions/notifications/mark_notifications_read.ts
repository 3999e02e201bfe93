import { DateTime } from 'luxon'
import type Notification from '#models/notification'
import type Actor from '#actions/actor'
import { notificationsOf } from '#presenters/notification_list'

/**
 * Marks one notification (found among the actor's own), or every unread
 * one of the actor in their current organization, as read. Already read
 * ones keep their time. Returns how many were marked.
 */
export default class MarkNotificationsRead {
  static async handle(actor: Actor, { notification }: { notification?: Notification } = {}) {
    if (notification) {
      if (notification.readAt) return 0
      notification.readAt = DateTime.now()
      await notification.save()
      return 1
    }
    const membership = actor.membershipOrFail()
    const updated = await notificationsOf(membership.userId, membership.organizationId)
      .whereNull('read_at')
      .update({ read_at: new Date() })
    return Number(Array.isArray(updated) ? updated[0] : updated) || 0
  }
}
