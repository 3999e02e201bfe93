/*
| Routes: notifications (imported by start/routes.ts).
|
| The bell's list and its forms, for everyone signed in (staff and
| customers), always scoped to the person and their current
| organization; and Profile → Notifications, the mail preferences.
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'

const NotificationsController = () => import('#controllers/notifications_controller')
const NotificationPreferencesController = () =>
  import('#controllers/profile/notification_preferences_controller')

router
  .group(() => {
    router.get('/notifications', [NotificationsController, 'index']).as('notifications.index')
    router
      .post('/notifications/read', [NotificationsController, 'readAll'])
      .as('notifications.read_all')
    router
      .post('/notifications/:id/read', [NotificationsController, 'read'])
      .where('id', router.matchers.number())
      .as('notifications.read')
    router
      .post('/notifications/:id/open', [NotificationsController, 'open'])
      .where('id', router.matchers.number())
      .as('notifications.open')

    router
      .get('/profile/notifications', [NotificationPreferencesController, 'show'])
      .as('profile.notifications')
    router
      .post('/profile/notifications', [NotificationPreferencesController, 'update'])
      .as('profile.notifications.update')
  })
  .use([...webMiddleware(), middleware.auth()])
