import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import pLimit, { type LimitFunction } from 'p-limit'
import env from '#start/env'

/**
 * At most WEB_MAX_CONCURRENT_REQUESTS requests of this web process are
 * handled at once; the others wait their turn, first come first served.
 * (A router middleware: requests without a route are cheap 404s.)
 * A page is mostly CPU work: 200 requests handled together take no less
 * time than one after the other, but hold 200 pages' worth of rows and
 * HTML in memory (463 MB per process at 200 connections, against 314 MB at
 * 10: bench/README.md) and finish all late. Waiting costs a request only
 * its socket.
 *
 * Not limited: health probes (they must answer while the process is
 * busy), live-update streams (long-lived by design) and uploads (a slow
 * client sending a large file must not hold a turn).
 */
export function requestLimiter(max: number) {
  const limit: LimitFunction = pLimit(max)
  return {
    limit,
    handle(ctx: HttpContext, next: NextFn) {
      if (isUnlimited(ctx)) return next()
      return limit(() => next())
    },
  }
}

/** Routes that never wait: probes and the live-update stream. */
const UNLIMITED_ROUTES = new Set(['health.live', 'health.ready', 'transmit.events'])

function isUnlimited({ request, route }: HttpContext) {
  return (
    UNLIMITED_ROUTES.has(route?.name ?? '') ||
    (request.header('content-type') ?? '').startsWith('multipart/')
  )
}

const limiter = requestLimiter(env.get('WEB_MAX_CONCURRENT_REQUESTS', 12))

export default class RequestConcurrencyMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    return limiter.handle(ctx, next)
  }
}
