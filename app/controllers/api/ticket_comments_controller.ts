import type { HttpContext } from '@adonisjs/core/http'
import AddComment from '#actions/tickets/add_comment'
import TicketPolicy from '#policies/ticket_policy'
import { findVisibleTicketOrFail, visibleComments } from '#queries/ticket_scope'
import { paginationMeta, serializeComment, serializeComments } from '#presenters/ticket_serializer'
import { commentValidator } from '#validators/tickets'
import { paginationValidator } from '#validators/pagination'

/**
 * /api/v1/tickets/:number/comments: the conversation as the member may
 * read it (customers: public replies only), and new replies or notes.
 */
export default class TicketCommentsController {
  /** GET: oldest first, paginated (?page=&per_page=, 50 by default). */
  async index({ params, request, membership }: HttpContext) {
    const ticket = await findVisibleTicketOrFail(membership!, params.number)
    const { page = 1, per_page: perPage = 50 } = await paginationValidator.validate(request.qs())
    const comments = await visibleComments(membership!, ticket)
      .preload('author')
      .paginate(page, perPage)
    return { data: serializeComments(comments.all(), membership!), meta: paginationMeta(comments) }
  }

  /**
   * POST {body, internal?, last_seen_comment_id?}: 201 with the comment;
   * 409 when others wrote after last_seen_comment_id (only when given).
   */
  async store(ctx: HttpContext) {
    const { params, request, response, membership } = ctx
    const ticket = await findVisibleTicketOrFail(membership!, params.number)
    const { last_seen_comment_id: lastSeenCommentId, ...input } =
      await request.validateUsing(commentValidator)
    const policy = ctx.bouncer.with(TicketPolicy)
    await (input.internal ? policy.authorize('note', ticket) : policy.authorize('reply', ticket))
    const comment = await AddComment.handle(ctx.actor, { ticket, ...input, lastSeenCommentId })
    await comment.load('author')
    return response.created({ data: serializeComment(comment, membership!) })
  }
}
