import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Membership from '#models/membership'
import type Attachment from '#models/attachment'
import type Ticket from '#models/ticket'
import type TicketComment from '#models/ticket_comment'
import { MemberPolicy, refuse } from '#policies/kit'
import TicketPolicy from '#policies/ticket_policy'
import CommentPolicy from '#policies/comment_policy'

type TicketRecord = Pick<Ticket, 'organizationId' | 'requesterId' | 'assigneeId'>
type CommentRecord = Pick<TicketComment, 'organizationId' | 'visibility' | 'authorId'>

/**
 * Files of a ticket. The query form of `download` is visibleAttachments
 * (queries/attachment_scope.ts): another organization's
 * file, or an internal note's asked for by a customer, is a 404.
 */
export default class AttachmentPolicy extends MemberPolicy {
  /** Who sees the ticket downloads its files, and a note's files if they read notes. */
  download(
    actor: Membership,
    attachment: Pick<Attachment, 'organizationId'>,
    ticket: TicketRecord,
    comment: Pick<TicketComment, 'organizationId' | 'visibility'> | null
  ): boolean {
    return (
      attachment.organizationId === actor.organizationId &&
      new TicketPolicy().view(actor, ticket) &&
      (!comment || new CommentPolicy().view(actor, comment))
    )
  }

  /**
   * Who may reply on a ticket attaches files to it; to a comment: staff to
   * any they read, a customer to their own replies only.
   */
  upload(
    actor: Membership,
    ticket: TicketRecord,
    comment: CommentRecord | null
  ): AuthorizerResponse {
    if (!new TicketPolicy().reply(actor, ticket)) return false
    if (!comment || actor.isStaff) return true
    return (
      comment.authorId === actor.userId ||
      refuse('You can attach files only to your own replies.', 'comment_id')
    )
  }
}
