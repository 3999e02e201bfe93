/*
|--------------------------------------------------------------------------
| Live updates: Transmit routes, channel authorization, shutdown
|--------------------------------------------------------------------------
|
| /__transmit/events (the stream), /subscribe and /unsubscribe run with the
| page middleware (session, signed-in user) and answer 401 to visitors;
| shield lets subscribe/unsubscribe through without a CSRF token
| (config/shield.ts): they change nothing but the caller's own stream, and
| every channel is authorized here (app/services/realtime/channels.ts).
|
*/
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import transmit from '@adonisjs/transmit/services/main'
import { webMiddleware } from '#start/kernel'
import { CHANNEL_RULES, authorizeChannel, isKnownChannel } from '#services/realtime/channels'
import { closeLiveStreams } from '#services/realtime/shutdown'

async function signedInWithKnownChannel(ctx: HttpContext, next: NextFn) {
  if (!ctx.auth.use('web').isAuthenticated) return ctx.response.unauthorized()
  if (
    ctx.route?.pattern === '/__transmit/subscribe' &&
    !isKnownChannel(ctx.request.input('channel'))
  ) {
    return ctx.response.badRequest()
  }
  return next()
}

transmit.registerRoutes((route) => {
  route.use([...webMiddleware(), signedInWithKnownChannel])
  // Every route has a name: transmit.events, transmit.subscribe, transmit.unsubscribe.
  route.as(`transmit.${route.getPattern().split('/').pop()}`)
})

for (const pattern of Object.keys(CHANNEL_RULES)) {
  transmit.authorize(pattern, authorizeChannel(pattern))
}

/**
 * SIGTERM: before the HTTP server closes (which waits for every open
 * request, and a stream never ends by itself), end the streams, so the
 * browsers reconnect to another web process, and let the requests in
 * flight finish.
 */
app.terminating(() => {
  closeLiveStreams(transmit)
})
