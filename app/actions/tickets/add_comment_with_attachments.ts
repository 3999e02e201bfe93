import type { MultipartFile } from '@adonisjs/core/bodyparser'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import AttachFiles from '#actions/attachments/attach_files'
import AddComment from '#actions/tickets/add_comment'
import type { AuditActor } from '#services/audit/audit_trail'
import { attachAfterCreating } from '#services/attachments/attach_after_creating'

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
    ticket: Ticket,
    input: { body: string; internal?: boolean; lastSeenCommentId?: number },
    files: MultipartFile[],
    membership: Membership,
    actor: AuditActor
  ) {
    await AttachFiles.precheck(files)
    const comment = await AddComment.handle(ticket, input, membership, actor)
    const attached = await attachAfterCreating(ticket, comment, files, membership, actor)
    return { comment, ...attached }
  }
}
