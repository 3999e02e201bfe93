/*
|--------------------------------------------------------------------------
| HTTP kernel file
|--------------------------------------------------------------------------
|
| Server middleware run for every request, even those without a route;
| router middleware run for every request that matches a route; named
| middleware are applied by routes themselves.
|
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/request_log_middleware'),
  () => import('#middleware/security_headers_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
])

router.use([
  () => import('#middleware/request_concurrency_middleware'),
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#middleware/multipart_guard_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  session: () => import('@adonisjs/session/session_middleware'),
  shield: () => import('@adonisjs/shield/shield_middleware'),
  currentOrganization: () => import('#middleware/current_organization_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  guest: () => import('#middleware/guest_middleware'),
  desk: () => import('#middleware/desk_middleware'),
  apiAuth: () => import('#middleware/api_auth_middleware'),
  pluginEnabled: () => import('#middleware/plugin_enabled_middleware'),
  /** Marks a route that takes file uploads (see multipart_guard_middleware). */
  uploads: () => import('#middleware/accept_uploads_middleware'),
})

/**
 * The stack of browser pages: session, shield (CSRF, CSP, frame and
 * sniffing guards), then who is signed in and in which organization.
 * Health probes and the token-authenticated API go without it, so they
 * keep working (and stay cheap) without touching the session store.
 */
export function webMiddleware() {
  return [middleware.session(), middleware.shield(), middleware.currentOrganization()]
}
