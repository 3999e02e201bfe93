import type { HttpContext } from '@adonisjs/core/http'
import { errors as lucidErrors } from '@adonisjs/lucid'
import Ticket from '#models/ticket'
import ActionError from '#exceptions/action_error'
import AttachFiles from '#actions/attachments/attach_files'
import AttachmentPolicy from '#policies/attachment_policy'
import { findVisibleTicket } from '#queries/ticket_scope'
import { findVisibleAttachmentOrFail, findVisibleComment } from '#queries/attachment_scope'
import { sendAttachment } from '#http/send_attachment'
import { serializeAttachment } from '#presenters/attachment_serializer'
import { attachFilesValidator } from '#validators/attachments'

/**
 * /api/v1 attachments, with an access token: upload to a ticket (or one of
 * its comments) and download.
 */
export default class AttachmentsController {
  /**
   * POST /api/v1/tickets/:number/attachments, multipart: `files` (one or
   * several), optional `comment_id`. 201 {data:[…]}.
   */
  async store(ctx: HttpContext) {
    const { params, request, response } = ctx
    const membership = ctx.membership!
    const ticket = await findVisibleTicket(membership, params.number)
    if (!ticket) throw new lucidErrors.E_ROW_NOT_FOUND(Ticket)

    const { comment_id: commentId } = await request.validateUsing(attachFilesValidator)
    const comment = commentId ? await findVisibleComment(membership, ticket, commentId) : null
    if (commentId && !comment) {
      throw new ActionError('There is no such comment on this ticket.', 'comment_id')
    }
    await ctx.bouncer.with(AttachmentPolicy).authorize('upload', ticket, comment)

    const attachments = await AttachFiles.handle(ctx.actor, {
      ticket,
      comment,
      files: request.files('files'),
    })
    return response.created({ data: attachments.map(serializeAttachment) })
  }

  /** GET /api/v1/attachments/:id: the file, as the pages' download. */
  async show(ctx: HttpContext) {
    const attachment = await findVisibleAttachmentOrFail(ctx.membership!, ctx.params.id)
    return sendAttachment(ctx, attachment)
  }
}
