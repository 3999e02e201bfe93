import type { HttpContext } from '@adonisjs/core/http'
import { errors as lucidErrors } from '@adonisjs/lucid'
import Attachment from '#models/attachment'
import { findVisibleAttachmentOrFail } from '#queries/attachment_scope'
import { sendAttachment } from '#http/send_attachment'

/**
 * GET /attachments/:id for signed-in people (portal and desk): the file,
 * if the member may see its ticket and, for a customer, its comment is
 * not an internal note. Anything else is a 404.
 */
export default class AttachmentsController {
  async show(ctx: HttpContext) {
    if (!ctx.membership) throw new lucidErrors.E_ROW_NOT_FOUND(Attachment)
    const attachment = await findVisibleAttachmentOrFail(ctx.membership, ctx.params.id)
    return sendAttachment(ctx, attachment)
  }
}
