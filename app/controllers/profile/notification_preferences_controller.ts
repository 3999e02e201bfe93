import type { HttpContext } from '@adonisjs/core/http'
import SaveNotificationPreferences from '#actions/notifications/save_notification_preferences'
import { NOTIFICATION_KINDS, KIND_NAMES } from '#services/notifications/kinds'
import { emailPreferencesOf } from '#services/notifications/preferences'
import { activeMembershipsOf } from '#http/current_membership'
import { notificationPreferencesValidator } from '#validators/notifications'

/**
 * Profile → Notifications: which events also mail the person. The bell
 * always shows them. Staff kinds are offered to people who are staff in
 * some organization; customer kinds to everyone (anyone may open a request).
 */
export default class NotificationPreferencesController {
  async show({ view, auth }: HttpContext) {
    const user = auth.use('web').user!
    const memberships = await activeMembershipsOf(user)
    const staff = memberships.some((membership) => membership.isStaff)
    const kinds = KIND_NAMES.filter(
      (kind) => staff || NOTIFICATION_KINDS[kind].audience === 'customer'
    ).map((kind) => ({ kind, ...NOTIFICATION_KINDS[kind] }))
    return view.render('pages/profile/notifications', {
      kinds,
      email: await emailPreferencesOf(user.id),
    })
  }

  async update({ request, response, session, actor }: HttpContext) {
    const input = await request.validateUsing(notificationPreferencesValidator)
    const offered = request.input('offered')
    await SaveNotificationPreferences.handle(actor, {
      offered: [offered ?? []].flat().map(String),
      ticked: input.email ?? {},
    })
    session.flash('success', 'Your notification settings are saved.')
    return response.redirect().toRoute('profile.notifications')
  }
}
