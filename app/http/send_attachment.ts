import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import drive from '@adonisjs/drive/services/main'
import type Attachment from '#models/attachment'
import { ALLOWED_CONTENT_TYPES } from '#domain/file_checks'
import { contentDisposition } from '#domain/filenames'

/**
 * Streams an attachment the member was authorized to download (the caller
 * found it through visibleAttachments). Always a download, never shown
 * inline: Content-Disposition attachment, nosniff, a sandboxing CSP, the
 * type detected at upload (or application/octet-stream), and a private
 * cache revalidated by the file's SHA-256.
 */
export async function sendAttachment(ctx: HttpContext, attachment: Attachment) {
  const { response } = ctx
  const disk = drive.use()
  if (!(await disk.exists(attachment.storageKey))) {
    logger.error(
      { attachmentId: attachment.id, key: attachment.storageKey },
      'attachment file missing from the disk'
    )
    return response.notFound('File not found')
  }

  const type = ALLOWED_CONTENT_TYPES.has(attachment.contentType)
    ? attachment.contentType
    : 'application/octet-stream'
  response.header('Content-Type', type.startsWith('text/') ? `${type}; charset=utf-8` : type)
  response.header('Content-Disposition', contentDisposition(attachment.filename))
  response.header('X-Content-Type-Options', 'nosniff')
  response.header('Content-Security-Policy', "default-src 'none'; sandbox")
  response.header('Cache-Control', 'private, no-cache')
  response.header('ETag', `"${attachment.sha256}"`)

  if (response.fresh()) {
    return response.status(304).send('')
  }
  response.header('Content-Length', String(attachment.size))

  const stream = await disk.getStream(attachment.storageKey)
  return response.stream(stream)
}
