import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import Notification from '#models/notification'
import Organization from '#models/organization'
import Ticket from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import User from '#models/user'
import Membership from '#models/membership'
import NotificationMail, { type NotificationMailContent } from '#mails/notification_mail'
import { audienceOf, mailSubject } from '#services/notifications/kinds'
import { appUrl } from '#config/app'
import type Actor from '#actions/actor'

/** Sends (counting every job run, retries and relays alike) before giving up. */
export const MAX_MAIL_ATTEMPTS = 10

/** A claim older than this is taken to belong to a worker that died. */
const CLAIM_TIMEOUT = '10 minutes'

export type DeliveryOutcome = 'sent' | 'already_handled' | 'claimed_elsewhere' | 'dropped'

/**
 * Sends one outbox mail, at most once:
 * 1. claims the row (pending → sending) with a conditional UPDATE: a
 *    second job for the same delivery finds it claimed or sent and stops;
 * 2. renders and sends it through SMTP;
 * 3. marks it sent. A failed send puts it back to pending (or failed after
 *    MAX_MAIL_ATTEMPTS) and rethrows, so BullMQ retries with backoff.
 *
 * What is mailed is read again at send time, as the recipient may see it
 * now: a recipient no longer an active member gets nothing, and a
 * comment is included only when it is public (internal notes never
 * travel by mail, to anyone).
 */
export default class SendMailDelivery {
  static async handle(
    _actor: Actor,
    { deliveryId }: { deliveryId: number }
  ): Promise<DeliveryOutcome> {
    const { rows } = await db.rawQuery(
      `UPDATE mail_deliveries
          SET status = 'sending', claimed_at = now(), attempts = attempts + 1, updated_at = now()
        WHERE id = ? AND sent_at IS NULL
          AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
        RETURNING id, notification_id, user_id, organization_id, attempts`,
      [deliveryId]
    )
    const claimed = rows[0] as
      | { notification_id: number; user_id: number; organization_id: number; attempts: number }
      | undefined
    if (!claimed) {
      const row = await db.from('mail_deliveries').where('id', deliveryId).first()
      return row?.status === 'sending' ? 'claimed_elsewhere' : 'already_handled'
    }

    let content: NotificationMailContent | null
    try {
      content = await SendMailDelivery.content(claimed)
      if (content) await mail.send(new NotificationMail(content))
    } catch (error) {
      const failed = claimed.attempts >= MAX_MAIL_ATTEMPTS
      await db
        .from('mail_deliveries')
        .where('id', deliveryId)
        .update({
          status: failed ? 'failed' : 'pending',
          claimed_at: null,
          last_error: String((error as Error)?.message ?? error).slice(0, 1000),
          updated_at: new Date(),
        })
      if (failed) return 'dropped'
      throw error
    }

    await db
      .from('mail_deliveries')
      .where('id', deliveryId)
      .update(
        content
          ? { status: 'sent', sent_at: new Date(), last_error: null, updated_at: new Date() }
          : {
              status: 'failed',
              last_error: 'the recipient may no longer see this',
              updated_at: new Date(),
            }
      )
    return content ? 'sent' : 'dropped'
  }

  /** The mail as the recipient may see it now, or null when they may not. */
  static async content(delivery: {
    notification_id: number
    user_id: number
    organization_id: number
  }): Promise<NotificationMailContent | null> {
    const notification = await Notification.query()
      .where('id', delivery.notification_id)
      .where('organization_id', delivery.organization_id)
      .where('user_id', delivery.user_id)
      .preload('actor')
      .first()
    const user = await User.find(delivery.user_id)
    if (!notification || !user || user.isDisabled || !notification.ticketId) return null

    const audience = audienceOf(notification.kind)
    const membership = await Membership.query()
      .where('organization_id', notification.organizationId)
      .where('user_id', user.id)
      .whereNull('disabled_at')
      .first()
    if (!membership || (audience === 'staff' && !membership.isStaff)) return null

    const ticket = await Ticket.query()
      .where('organization_id', notification.organizationId)
      .where('id', notification.ticketId)
      .first()
    if (!ticket) return null
    const organization = await Organization.findOrFail(notification.organizationId)

    const commentId = notification.data.commentId
    const comment = commentId
      ? await TicketComment.query()
          .where('organization_id', ticket.organizationId)
          .where('ticket_id', ticket.id)
          .where('id', commentId)
          .where('visibility', 'public')
          .preload('author')
          .first()
      : null

    const data = { ...notification.data, number: ticket.number, subject: ticket.subject }
    return {
      to: { address: user.email, name: user.fullName },
      subject: mailSubject(notification.kind, data),
      recipientName: user.fullName,
      headline: notification.summary,
      organizationName: organization.name,
      reference: ticket.reference,
      ticketSubject: ticket.subject,
      // Staff hear of a new ticket with its description; customers only
      // ever get public replies.
      description:
        notification.kind === 'ticket_created' && audience === 'staff'
          ? { text: ticket.description, html: ticket.descriptionHtml }
          : null,
      comment: comment
        ? {
            author: comment.author?.fullName ?? 'Someone',
            text: comment.body,
            html: comment.bodyHtml,
          }
        : null,
      url: `${appUrl}${notification.path}`,
      preferencesUrl: `${appUrl}/profile/notifications`,
    }
  }
}
