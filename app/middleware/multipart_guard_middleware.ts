import { unlink } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Exception } from '@adonisjs/core/exceptions'
import { MultipartFile } from '@adonisjs/core/bodyparser'
import bodyParserConfig from '#config/bodyparser'

/**
 * Runs right after the bodyparser, which streams uploaded files to the
 * temporary folder only on the routes listed in config/bodyparser.ts
 * (multipart.autoProcess).
 *
 * - On any other route a multipart body is left unread by the bodyparser:
 *   here its fields are read (so such a form, or an API call with -F,
 *   still works) and a file in it refuses the request, before a byte of
 *   it is written anywhere.
 * - On the upload routes, uploads nothing took away (a failed validation,
 *   a bad CSRF token, a signed-out visitor, an error) are deleted when
 *   the request is done: nothing stays in the temporary folder.
 */
export default class MultipartGuardMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request, route } = ctx
    const multipart = request.multipart as HttpContext['request']['multipart'] | undefined
    const manual = route
      ? bodyParserConfig.multipart.processManually.includes(route.pattern)
      : false
    if (multipart && multipart.state === 'idle' && !manual) {
      multipart.onFile('*', {}, async (part) => {
        part.resume()
        multipart.abort(
          new Exception('This address takes no files.', {
            status: 400,
            code: 'E_ATUM_NO_FILES_HERE',
          })
        )
      })
      await multipart.process()
    }

    try {
      return await next()
    } finally {
      await removeUploads(request.allFiles())
    }
  }
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
