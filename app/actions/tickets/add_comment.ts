import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import emitter from '@adonisjs/core/services/emitter'
import Ticket, { type TicketStatus } from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import type Membership from '#models/membership'
import type Actor from '#actions/actor'
import { lockedRow } from '#actions/locked_rows'
import ActionError from '#exceptions/action_error'
import { bouncerFor, guard } from '#policies/kit'
import TicketPolicy from '#policies/ticket_policy'
import CommentPolicy from '#policies/comment_policy'
import { renderMarkdown } from '#domain/markdown'
import { appendAuditEvent } from '#services/audit/audit_trail'
import { TicketSla } from '#services/sla/ticket_sla'
import { recordNotifications } from '#services/notifications/record_notifications'

export interface AddCommentInput {
  ticket: Ticket
  body: string
  internal?: boolean
  /** The newest comment the writer had seen. */
  lastSeenCommentId?: number
}

/**
 * A reply or an internal note on a ticket.
 * - Internal notes are for staff only; customers cannot write them.
 * - The first public staff reply marks the ticket's first response.
 * - A customer's public reply brings a resolved or waiting ticket back to
 *   in progress (the reopen of the lifecycle), recorded in the trail.
 * - Closed tickets take no more comments.
 * - Given the newest comment the writer had seen (`lastSeenCommentId`), a
 *   reply is held back (409) while others have written since: the writer
 *   reads them first, then sends again (with the newer id) if still right.
 */
export default class AddComment {
  static async handle(actor: Actor, { ticket, ...input }: AddCommentInput) {
    const membership = actor.membershipOrFail()
    const internal = !!input.internal
    if (internal) await guard(bouncerFor(membership).with(TicketPolicy).authorize('note', ticket))

    const { comment, reopenedFrom } = await db.transaction(async (trx) => {
      const locked = await lockedRow(Ticket, membership.organizationId, ticket.id, trx)
      if (locked.status === 'closed') {
        throw new ActionError('This ticket is closed. Open a new one to continue.', 'body', {
          status: 409,
        })
      }
      if (input.lastSeenCommentId !== undefined) {
        await refuseIfOthersWrote(locked, input.lastSeenCommentId, membership, trx)
      }

      const created = await TicketComment.create(
        {
          organizationId: locked.organizationId,
          ticketId: locked.id,
          authorId: membership.userId,
          visibility: internal ? 'internal' : 'public',
          body: input.body,
          bodyHtml: renderMarkdown(input.body),
        },
        { client: trx }
      )

      locked.useTransaction(trx)
      const sla = new TicketSla(locked, trx)
      let from: TicketStatus | null = null
      if (!internal && membership.isStaff && !locked.firstResponseAt) {
        locked.firstResponseAt = DateTime.now()
        await sla.firstResponse()
      }
      if (
        !internal &&
        !membership.isStaff &&
        ['resolved', 'waiting_customer'].includes(locked.status)
      ) {
        from = locked.status
        locked.status = 'in_progress'
        locked.resolvedAt = null
        await sla.statusChanged(from, locked.status)
      }
      // Touch the ticket: inboxes sort by the latest activity.
      locked.updatedAt = DateTime.now()
      await locked.save()

      await appendAuditEvent(
        {
          organizationId: locked.organizationId,
          action: internal ? 'ticket.note_added' : 'ticket.reply_added',
          subjectType: 'ticket',
          subjectId: locked.number,
          after: { comment_id: created.id, visibility: created.visibility },
        },
        actor,
        trx
      )
      if (from) {
        await appendAuditEvent(
          {
            organizationId: locked.organizationId,
            action: 'ticket.reopen',
            subjectType: 'ticket',
            subjectId: locked.number,
            before: { status: from },
            after: { status: locked.status, reason: 'customer_reply' },
          },
          actor,
          trx
        )
      }
      // Internal notes notify no one (and so never reach a mail).
      if (!internal) {
        await recordNotifications(trx, {
          kind: membership.isStaff ? 'staff_replied' : 'customer_replied',
          ticket: locked,
          actorId: membership.userId,
          data: { commentId: created.id },
        })
      }
      return { comment: created, reopenedFrom: from }
    })

    await emitter.emit('ticket:commented', {
      organizationId: ticket.organizationId,
      ticketId: ticket.id,
      commentId: comment.id,
      internal,
    })
    if (reopenedFrom) {
      await emitter.emit('ticket:transitioned', {
        organizationId: ticket.organizationId,
        ticketId: ticket.id,
        transition: 'reopen',
        from: reopenedFrom,
        to: 'in_progress',
      })
    }
    return comment
  }
}

/**
 * The comments written by others after `lastSeenId` that the member may
 * read (a customer: public replies) hold the new one back. Checked on the
 * locked ticket, so two replies sent at once cannot both pass unseen.
 */
async function refuseIfOthersWrote(
  ticket: Ticket,
  lastSeenId: number,
  membership: Membership,
  trx: TransactionClientContract
) {
  const query = TicketComment.query({ client: trx })
    .where('organization_id', ticket.organizationId)
    .where('ticket_id', ticket.id)
    .where('id', '>', lastSeenId)
    .where((others) => others.whereNot('author_id', membership.userId).orWhereNull('author_id'))
    .preload('author')
    .orderBy('id', 'asc')
  if (!new CommentPolicy().viewInternal(membership)) query.where('visibility', 'public')
  const newer = await query
  if (newer.length === 0) return

  const names = [...new Set(newer.map((comment) => comment.author?.fullName ?? 'A former member'))]
  const what = newer.length === 1 ? 'a reply' : `${newer.length} replies`
  throw new ActionError(
    `${names.join(', ')} wrote ${what} after the last one you saw. Read ${newer.length === 1 ? 'it' : 'them'} first, then send yours anyway or change it.`,
    'last_seen_comment_id',
    { status: 409 }
  )
}
