import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Marks a route that takes file uploads: `.use(middleware.uploads())` in
 * core route files, `.use(kit.uploads)` in plugins. The files are streamed
 * to the temporary folder by MultipartGuardMiddleware, a router middleware
 * that runs before any route middleware (shield reads the CSRF field of
 * the same multipart body), which looks for this marker on the route.
 */
export default class AcceptUploadsMiddleware {
  /** The name it has in start/kernel.ts, which the guard looks for. */
  static markerName = 'uploads'

  handle(_ctx: HttpContext, next: NextFn) {
    return next()
  }
}
