import { randomUUID } from 'node:crypto'
import { stat, unlink } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import drive from '@adonisjs/drive/services/main'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import Ticket from '#models/ticket'
import type TicketComment from '#models/ticket_comment'
import type Membership from '#models/membership'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import Attachment from '#models/attachment'
import ActionError from '#exceptions/action_error'
import { bouncerFor, guard } from '#policies/kit'
import AttachmentPolicy from '#policies/attachment_policy'
import CommentPolicy from '#policies/comment_policy'
import attachmentsConfig from '#config/attachments'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { ALLOWED_DESCRIPTION, checkFile } from '#domain/file_checks'
import { cleanFilename } from '#domain/filenames'

export interface AttachFilesInput {
  ticket: Ticket
  /** A comment of the ticket the member may see, or null for the ticket itself. */
  comment: TicketComment | null
  files: MultipartFile[]
}

interface CheckedFile {
  tmpPath: string
  filename: string
  contentType: string
  size: number
  sha256: string
}

/**
 * Attaches uploaded files to a ticket, or to one of its comments (an
 * attachment of an internal note is internal). The one use case behind
 * the portal and desk forms and the API.
 *
 * All files are checked before any is kept (count, size, type by
 * content); a refusal names the file, keeps nothing and deletes the
 * uploads. Accepted files are stored under random names
 * (`<organization>/<uuid>`) with their SHA-256, and the rows and an audit
 * event are written in one transaction.
 *
 * The caller found the ticket through the member's visible tickets and the
 * comment among those the member may see.
 */
export default class AttachFiles {
  static async handle(
    actor: Actor,
    { ticket, comment, files }: AttachFilesInput
  ): Promise<Attachment[]> {
    try {
      const membership = actor.membershipOrFail()
      await this.authorize(ticket, comment, membership)
      const checked = await this.check(files)
      return await this.store(ticket, comment, checked, membership, actor)
    } finally {
      // Stored files were moved away; refused ones leave nothing behind.
      await removeUploads(files)
    }
  }

  /**
   * The same checks of the files alone, for a form that creates something
   * first (a new ticket with files, a reply with files): call it before
   * creating, so a refused file refuses the whole form and nothing is
   * half-made. Refused uploads are deleted; accepted ones are left for
   * handle(), which checks them again.
   */
  static async precheck(files: MultipartFile[]) {
    if (files.length === 0) return
    try {
      await this.check(files)
    } catch (error) {
      await removeUploads(files)
      throw error
    }
  }

  private static async authorize(
    ticket: Ticket,
    comment: TicketComment | null,
    membership: Membership
  ) {
    if (ticket.organizationId !== membership.organizationId) {
      throw new ActionError('Ticket not found.', undefined, { status: 404 })
    }
    if (ticket.status === 'closed') {
      throw new ActionError('This ticket is closed. Open a new one to continue.', 'files', {
        status: 409,
      })
    }
    // A comment the member may not read is one that does not exist for them.
    if (
      comment &&
      (String(comment.ticketId) !== String(ticket.id) ||
        !new CommentPolicy().view(membership, comment))
    ) {
      throw new ActionError('There is no such comment on this ticket.', 'comment_id')
    }
    await guard(bouncerFor(membership).with(AttachmentPolicy).authorize('upload', ticket, comment))
  }

  private static async check(files: MultipartFile[]) {
    const { maxFileBytes, maxMegabytes, maxFilesPerUpload } = attachmentsConfig
    if (files.length === 0) {
      throw new ActionError('Choose at least one file to attach.', 'files')
    }
    if (files.length > maxFilesPerUpload) {
      throw new ActionError(
        `Attach at most ${maxFilesPerUpload} files at once (${files.length} were sent).`,
        'files'
      )
    }

    const checked: CheckedFile[] = []
    for (const file of files) {
      const filename = cleanFilename(file.clientName)
      const refuse: (reason: string) => never = (reason) => {
        throw new ActionError(`“${filename}” cannot be attached: ${reason}.`, 'files')
      }

      // The size on disk, not the one the upload announced.
      const tmpPath = file.tmpPath
      const size = tmpPath ? await sizeOf(tmpPath) : null
      if (!tmpPath || size === null) refuse('it did not arrive completely, please try again')
      if (size > maxFileBytes) refuse(`it is larger than ${maxMegabytes} MB`)
      if (size === 0) refuse('it is empty')

      const result = await checkFile(tmpPath, filename)
      if (!result.accepted) refuse(`${result.reason}. You can attach ${ALLOWED_DESCRIPTION}`)
      checked.push({
        tmpPath,
        filename,
        contentType: result.contentType,
        size,
        sha256: result.sha256,
      })
    }
    return checked
  }

  private static async store(
    ticket: Ticket,
    comment: TicketComment | null,
    checked: CheckedFile[],
    membership: Membership,
    actor: Actor
  ) {
    const disk = drive.use()
    const stored: string[] = []
    // Random names: nothing of the client's name reaches the disk.
    const keys = checked.map(() => `${ticket.organizationId}/${randomUUID()}`)
    try {
      for (const [index, file] of checked.entries()) {
        await disk.moveFromFs(file.tmpPath, keys[index], {
          contentType: file.contentType,
          visibility: 'private',
        })
        stored.push(keys[index])
      }

      return await db.transaction(async (trx) => {
        // Closing waits for us, or we see it closed (as replies do).
        const locked = await lockedRow(Ticket, membership.organizationId, ticket.id, trx)
        if (locked.status === 'closed') {
          throw new ActionError('This ticket is closed. Open a new one to continue.', 'files', {
            status: 409,
          })
        }

        const attachments = await Attachment.createMany(
          checked.map((file, index) => ({
            organizationId: locked.organizationId,
            ticketId: locked.id,
            commentId: comment ? Number(comment.id) : null,
            uploaderId: membership.userId,
            filename: file.filename,
            contentType: file.contentType,
            size: file.size,
            sha256: file.sha256,
            storageKey: keys[index],
          })),
          { client: trx }
        )

        await appendAuditEvent(
          {
            organizationId: locked.organizationId,
            action: 'ticket.attachment_added',
            subjectType: 'ticket',
            subjectId: locked.number,
            after: {
              comment_id: comment ? Number(comment.id) : null,
              attachments: attachments.map((attachment) => ({
                id: attachment.id,
                filename: attachment.filename,
                content_type: attachment.contentType,
                size: attachment.size,
                sha256: attachment.sha256,
              })),
            },
          },
          actor,
          trx
        )
        return attachments
      })
    } catch (error) {
      // Nothing is kept of a failed upload: the rows were rolled back.
      await Promise.all(
        stored.map((key) =>
          disk.delete(key).catch((deleteError: unknown) => {
            logger.warn({ err: deleteError, key }, 'could not delete an orphaned attachment')
          })
        )
      )
      throw error
    }
  }
}

async function removeUploads(files: MultipartFile[]) {
  await Promise.all(
    files.map((file) => (file.tmpPath ? unlink(file.tmpPath).catch(() => {}) : null))
  )
}

async function sizeOf(path: string) {
  try {
    const { size } = await stat(path)
    return size
  } catch {
    return null
  }
}
