import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * One JSON log line per request (method, url, status, duration), carrying
 * the request id, which is also sent back as X-Request-Id so a user's
 * report can be matched with the logs. Logged when the response is
 * finished, so errors rendered by the exception handler show their status.
 */
export default class RequestLogMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const startedAt = process.hrtime.bigint()
    const requestId = ctx.request.id()
    if (requestId) ctx.response.header('X-Request-Id', requestId)

    ctx.response.response.once('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6
      ctx.logger.info(
        {
          method: ctx.request.method(),
          url: ctx.request.url(),
          status: ctx.response.response.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
        },
        'request completed'
      )
    })

    return next()
  }
}
