import type Attachment from '#models/attachment'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import attachmentsConfig from '#config/attachments'
import { visibleAttachments } from '#queries/attachment_scope'
import { ACCEPT_LIST } from '#domain/file_checks'

export interface TicketAttachments {
  /** Attached to the ticket itself (with its description). */
  onTicket: Attachment[]
  /** By comment id: attachments of each comment the member may see. */
  byComment: Record<string, Attachment[]>
}

/**
 * The attachments of a ticket that a member may see, in upload order,
 * grouped for the ticket page: a customer gets none of internal notes.
 *
 *   const attachments = await attachmentsFor(ticket, membership)
 *   @!attachments.list({ attachments: attachments.onTicket })
 *   @!attachments.list({ attachments: attachments.byComment[comment.id] })
 */
export async function attachmentsFor(
  ticket: Ticket,
  membership: Membership
): Promise<TicketAttachments> {
  const rows = await visibleAttachments(membership)
    .where('attachments.ticket_id', ticket.id)
    .orderBy('attachments.id')
  const grouped: TicketAttachments = { onTicket: [], byComment: {} }
  for (const attachment of rows) {
    if (attachment.commentId === null) {
      grouped.onTicket.push(attachment)
    } else {
      const key = String(attachment.commentId)
      ;(grouped.byComment[key] ??= []).push(attachment)
    }
  }
  return grouped
}

/**
 * The props of the file input component (resources/views/components/
 * attachments/input.edge): the accepted types and the limits in force.
 */
export function attachmentInputProps() {
  return {
    accept: ACCEPT_LIST,
    maxMegabytes: attachmentsConfig.maxMegabytes,
    maxFiles: attachmentsConfig.maxFilesPerUpload,
  }
}
