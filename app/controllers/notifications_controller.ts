import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { errors as lucidErrors } from '@adonisjs/lucid'
import Notification from '#models/notification'
import MarkNotificationsRead from '#actions/notifications/mark_notifications_read'
import { isHtmx } from '#http/htmx'
import {
  findOwnNotificationOrFail,
  notificationPage,
  unreadCountOf,
} from '#presenters/notification_list'

/**
 * The bell's list, for staff and customers alike: the signed-in person's
 * notifications in their current organization. Marking read answers htmx
 * with the list (and the bell, out of band); a plain form is redirected
 * back. "Open" marks read and goes to the ticket, whose own page decides
 * what the person may see.
 */
export default class NotificationsController {
  async index(ctx: HttpContext) {
    return this.render(ctx, pageFrom(ctx.request.qs().page), isHtmx(ctx.request))
  }

  async read(ctx: HttpContext) {
    const membership = this.membershipOf(ctx)
    const notification = await findOwnNotificationOrFail(
      membership.userId,
      membership.organizationId,
      ctx.params.id
    )
    await MarkNotificationsRead.handle(ctx.actor, { notification })
    return this.answer(ctx)
  }

  async readAll(ctx: HttpContext) {
    // Without an organization: a 404, as for one notification.
    this.membershipOf(ctx)
    await MarkNotificationsRead.handle(ctx.actor)
    if (!isHtmx(ctx.request)) ctx.session.flash('success', 'Every notification is marked read.')
    return this.answer(ctx)
  }

  async open(ctx: HttpContext) {
    const membership = this.membershipOf(ctx)
    const notification = await findOwnNotificationOrFail(
      membership.userId,
      membership.organizationId,
      ctx.params.id
    )
    await MarkNotificationsRead.handle(ctx.actor, { notification })
    return ctx.response.redirect(notification.path ?? router.makeUrl('notifications.index'))
  }

  /** Without an organization there is nothing of theirs to find. */
  private membershipOf({ membership }: HttpContext) {
    if (!membership) throw new lucidErrors.E_ROW_NOT_FOUND(Notification)
    return membership
  }

  private async answer(ctx: HttpContext) {
    const page = pageFrom(ctx.request.input('page'))
    if (isHtmx(ctx.request)) return this.render(ctx, page, true)
    return ctx.response
      .redirect()
      .toRoute('notifications.index', {}, { qs: page > 1 ? { page } : {} })
  }

  private async render({ view, membership }: HttpContext, page: number, fragment: boolean) {
    const notifications = membership
      ? await notificationPage(membership.userId, membership.organizationId, page)
      : null
    notifications?.baseUrl(router.makeUrl('notifications.index'))
    const unread = membership
      ? await unreadCountOf(membership.userId, membership.organizationId)
      : 0
    return view.render(
      fragment ? 'pages/notifications/partials/list' : 'pages/notifications/index',
      { notifications, unread, page, fragment }
    )
  }
}

/** A page number from the query or a form; anything else is the first page. */
function pageFrom(value: unknown) {
  const page = Number(value)
  return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1
}
