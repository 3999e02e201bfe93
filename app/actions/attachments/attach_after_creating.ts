import type { MultipartFile } from '@adonisjs/core/bodyparser'
import logger from '@adonisjs/core/services/logger'
import type Attachment from '#models/attachment'
import type Ticket from '#models/ticket'
import type TicketComment from '#models/ticket_comment'
import AttachFiles from '#actions/attachments/attach_files'
import ActionError from '#exceptions/action_error'
import type Actor from '#actions/actor'

export interface AttachedAfterCreating {
  attachments: Attachment[]
  /** Why the files are not attached although what they came with was created. */
  filesNotAttached: string | null
}

/**
 * The second step of the "with attachments" actions: attaches the
 * prechecked files to the ticket or comment just created. A failure here
 * (storage down, the ticket closed in between) no longer refuses the
 * form: what was created stays, and the message says the files are
 * missing. AttachFiles deletes the uploads either way.
 */
export async function attachAfterCreating(
  actor: Actor,
  ticket: Ticket,
  comment: TicketComment | null,
  files: MultipartFile[]
): Promise<AttachedAfterCreating> {
  if (files.length === 0) return { attachments: [], filesNotAttached: null }
  try {
    const attachments = await AttachFiles.handle(actor, { ticket, comment, files })
    return { attachments, filesNotAttached: null }
  } catch (error) {
    logger.error(
      { err: error, ticketId: ticket.id, commentId: comment?.id ?? null },
      'files not attached after creating their ticket or comment'
    )
    const reason = error instanceof ActionError ? ` ${error.message}` : ''
    return {
      attachments: [],
      filesNotAttached: `Your files were not attached.${reason} Please attach them again with a reply.`,
    }
  }
}
