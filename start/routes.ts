/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Core routes only. Plugins add their own from plugins/<id>/plugin.ts
| (wired by start/plugins.ts).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware, webMiddleware } from '#start/kernel'

const HealthChecksController = () => import('#controllers/health_checks_controller')
const SessionController = () => import('#controllers/auth/session_controller')
const PasswordResetController = () => import('#controllers/auth/password_reset_controller')
const InvitationsController = () => import('#controllers/auth/invitations_controller')
const ProfileController = () => import('#controllers/profile/profile_controller')
const AccessTokensController = () => import('#controllers/profile/access_tokens_controller')
const DashboardController = () => import('#controllers/desk/dashboard_controller')
const MembersController = () => import('#controllers/desk/members_controller')
const OrganizationSwitchController = () =>
  import('#controllers/desk/organization_switch_controller')
const PluginsController = () => import('#controllers/desk/plugins_controller')
const MeController = () => import('#controllers/api/me_controller')

/*
| Probes for nginx, systemd and monitoring: no session, no CSRF.
*/
router.get('/health/live', [HealthChecksController, 'live']).as('health.live')
router.get('/health/ready', [HealthChecksController, 'ready']).as('health.ready')

/*
| Pages
*/
router
  .group(() => {
    router.on('/').render('pages/portal/home').as('portal.home')

    // Signing in, for visitors
    router
      .group(() => {
        router.get('/login', [SessionController, 'create']).as('login')
        router.post('/login', [SessionController, 'store']).as('login.store')
        router.get('/forgot-password', [PasswordResetController, 'create']).as('password.forgot')
        router.post('/forgot-password', [PasswordResetController, 'store']).as('password.email')
        router.get('/reset-password/:token', [PasswordResetController, 'edit']).as('password.reset')
        router
          .post('/reset-password/:token', [PasswordResetController, 'update'])
          .as('password.update')
        router.get('/invitations/:token', [InvitationsController, 'show']).as('invitations.show')
        router
          .post('/invitations/:token', [InvitationsController, 'accept'])
          .as('invitations.accept')
      })
      .use(middleware.guest())

    router.post('/logout', [SessionController, 'destroy']).as('logout')

    // A signed-in person's own account
    router
      .group(() => {
        router.get('/profile', [ProfileController, 'show']).as('profile')
        router.post('/profile', [ProfileController, 'update']).as('profile.update')
        router
          .post('/profile/password', [ProfileController, 'updatePassword'])
          .as('profile.password')
        router.get('/profile/tokens', [AccessTokensController, 'index']).as('tokens.index')
        router.post('/profile/tokens', [AccessTokensController, 'store']).as('tokens.store')
        router
          .post('/profile/tokens/:id/revoke', [AccessTokensController, 'destroy'])
          .where('id', router.matchers.number())
          .as('tokens.revoke')
      })
      .use(middleware.auth())

    // The staff desk
    router
      .group(() => {
        router.get('/', [DashboardController, 'show']).as('dashboard')
        router
          .post('/organization', [OrganizationSwitchController, 'update'])
          .as('organization.switch')

        router.get('/members', [MembersController, 'index']).as('members.index')
        router.post('/members/invitations', [MembersController, 'invite']).as('members.invite')
        router
          .post('/members/:id/role', [MembersController, 'updateRole'])
          .where('id', router.matchers.number())
          .as('members.role')
        router
          .post('/members/:id/disable', [MembersController, 'disable'])
          .where('id', router.matchers.number())
          .as('members.disable')

        router.get('/plugins', [PluginsController, 'index']).as('plugins.index')
        router.post('/plugins/:id/enabled', [PluginsController, 'toggle']).as('plugins.toggle')
        router
          .get('/plugins/:id/settings', [PluginsController, 'editSettings'])
          .as('plugins.settings')
        router
          .post('/plugins/:id/settings', [PluginsController, 'updateSettings'])
          .as('plugins.settings.update')
      })
      .prefix('/desk')
      .as('desk')
      .use(middleware.desk())
  })
  .use(webMiddleware())

/*
| REST API: access tokens, JSON only, no session.
*/
router
  .group(() => {
    router.get('/me', [MeController, 'show']).as('me')
    router.patch('/me', [MeController, 'update']).as('me.update')
  })
  .prefix('/api/v1')
  .as('api')
  .use(middleware.apiAuth())

/*
| Areas with their own route files
*/
await import('#start/routes/portal_tickets')
await import('#start/routes/desk_tickets')
await import('#start/routes/api_tickets')
await import('#start/routes/attachments')
await import('#start/routes/audit')
await import('#start/routes/sla')
await import('#start/routes/notifications')
