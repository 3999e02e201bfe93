import Attachment from '#models/attachment'
import TicketComment from '#models/ticket_comment'
import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import CommentPolicy from '#policies/comment_policy'
import { visibleTickets } from '#queries/ticket_scope'

/**
 * The attachments a member may download, the query form of
 * AttachmentPolicy.download: those of tickets the member may
 * see (visibleTickets), and for a customer only those of the ticket itself
 * or of public replies, never of internal notes. Another organization's
 * attachment, or an internal one asked for by a customer, is simply not
 * found (404).
 */
export function visibleAttachments(membership: Membership) {
  const query = Attachment.query()
    .where('attachments.organization_id', membership.organizationId)
    .whereIn('attachments.ticket_id', visibleTickets(membership).select('tickets.id'))
  if (!new CommentPolicy().viewInternal(membership)) {
    query.where((scope) => {
      scope.whereNull('attachments.comment_id').orWhereExists((comments) => {
        comments
          .from('ticket_comments')
          .whereColumn('ticket_comments.id', 'attachments.comment_id')
          .where('ticket_comments.visibility', 'public')
      })
    })
  }
  return query
}

/** One attachment by id, as the member may see it; otherwise 404. */
export function findVisibleAttachmentOrFail(membership: Membership, id: number) {
  return visibleAttachments(membership).where('attachments.id', id).firstOrFail()
}

/**
 * A comment of the ticket that the member may see and attach files to,
 * or null: customers never reach internal notes.
 */
export function findVisibleComment(membership: Membership, ticket: Ticket, commentId: number) {
  const query = TicketComment.query()
    .where('ticket_comments.organization_id', membership.organizationId)
    .where('ticket_comments.ticket_id', ticket.id)
    .where('ticket_comments.id', commentId)
  if (!new CommentPolicy().viewInternal(membership)) {
    query.where('ticket_comments.visibility', 'public')
  }
  return query.first()
}
