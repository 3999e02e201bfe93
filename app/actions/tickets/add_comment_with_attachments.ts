import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type Actor from '#actions/actor'
import AttachFiles from '#actions/attachments/attach_files'
import AddComment, { type AddCommentInput } from '#actions/tickets/add_comment'
import { attachAfterCreating } from '#actions/attachments/attach_after_creating'

/**
 * A reply or an internal note with files (the portal's and the desk's
 * reply forms): the files are checked first, so a refused file refuses
 * the whole reply; then the comment is written (AddComment, with all its
 * rules) and the files attached to it (AttachFiles: files of an internal
 * note are internal). Without files it is AddComment.
 *
 * Returns the comment, its attachments and, in the rare case the files
 * could not be stored once the comment existed, the message to show.
 */
export default class AddCommentWithAttachments {
  static async handle(
    actor: Actor,
    { files, ...input }: AddCommentInput & { files: MultipartFile[] }
  ) {
    await AttachFiles.precheck(files)
    const comment = await AddComment.handle(actor, input)
    const attached = await attachAfterCreating(actor, input.ticket, comment, files)
    return { comment, ...attached }
  }
}
