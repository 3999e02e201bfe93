import type Membership from '#models/membership'
import type TicketComment from '#models/ticket_comment'
import { MemberPolicy, sameOrganization } from '#policies/kit'

/**
 * Who reads which comments of a ticket they see: staff everything, a
 * customer the public replies only (internal notes never reach a
 * customer). The query forms (ticket_scope, attachment_scope, the
 * serializers and searches) ask `viewInternal`.
 */
export default class CommentPolicy extends MemberPolicy {
  viewInternal(actor: Membership): boolean {
    return actor.isStaff
  }

  view(actor: Membership, comment: Pick<TicketComment, 'organizationId' | 'visibility'>): boolean {
    return (
      sameOrganization(actor, comment) &&
      (comment.visibility === 'public' || this.viewInternal(actor))
    )
  }
}
