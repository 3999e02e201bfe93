import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Exception } from '@adonisjs/core/exceptions'
import { MultipartFile } from '@adonisjs/core/bodyparser'
import AcceptUploadsMiddleware from '#middleware/accept_uploads_middleware'

/**
 * Runs right after the bodyparser, which leaves multipart bodies unread
 * (config/bodyparser.ts: autoProcess off), and before any route
 * middleware, so shield finds the CSRF field of a multipart form.
 *
 * - A route marked as taking uploads (the `uploads` named middleware, the
 *   plugin kit's `uploads`) gets its files streamed to the temporary
 *   folder, as the bodyparser would.
 * - On any other route the fields of a multipart body are read (so such a
 *   form, or an API call with -F, still works) and a file in it refuses
 *   the request, before a byte of it is written anywhere.
 * - Uploads nothing took away (a failed validation, a bad CSRF token, a
 *   signed-out visitor, an error) are deleted when the request is done:
 *   nothing stays in the temporary folder.
 */
export default class MultipartGuardMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    const multipart = request.multipart as HttpContext['request']['multipart'] | undefined
    if (multipart && multipart.state === 'idle') {
      if (routeTakesUploads(ctx.route)) {
        multipart.onFile('*', { deferValidations: true }, async (part, reporter) => {
          const tmpPath = join(tmpdir(), randomUUID())
          try {
            part.pause()
            part.on('data', reporter)
            await pipeline(part, createWriteStream(tmpPath))
            return { tmpPath }
          } catch (error) {
            await unlink(tmpPath).catch(() => {})
            multipart.abort(error)
          }
        })
      } else {
        multipart.onFile('*', {}, async (part) => {
          part.resume()
          multipart.abort(
            new Exception('This address takes no files.', {
              status: 400,
              code: 'E_ATUM_NO_FILES_HERE',
            })
          )
        })
      }
      await multipart.process()
    }

    try {
      return await next()
    } finally {
      await removeUploads(request.allFiles())
    }
  }
}

/** Whether a route carries the uploads marker among its middleware. */
const takesUploads = new WeakMap<object, boolean>()
function routeTakesUploads(route: HttpContext['route']): boolean {
  if (!route) return false
  let known = takesUploads.get(route)
  if (known === undefined) {
    known = [...route.middleware.all()].some(
      (one) =>
        typeof one === 'object' &&
        (one as { name?: string }).name === AcceptUploadsMiddleware.markerName
    )
    takesUploads.set(route, known)
  }
  return known
}

/** Deletes the temporary files of uploads; moved ones are already gone. */
async function removeUploads(files: unknown): Promise<void> {
  if (files instanceof MultipartFile) {
    if (files.tmpPath) await unlink(files.tmpPath).catch(() => {})
    return
  }
  if (files && typeof files === 'object') {
    await Promise.all(Object.values(files).map((value) => removeUploads(value)))
  }
}
