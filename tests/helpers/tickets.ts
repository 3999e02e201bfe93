import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import CreateTicket, { type CreateTicketInput } from '#actions/tickets/create_ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import Actor from '#actions/actor'
import db from '@adonisjs/lucid/services/db'
import { generateTickets } from '#database/generators/ticket_generator'

/** A ticket opened by a member (through the real action). */
export function createTicket(requester: Membership, values: Partial<CreateTicketInput> = {}) {
  return CreateTicket.handle(Actor.forMember(requester), {
    subject: 'The printer on floor 2 is jammed',
    description: 'It shows **error 42** since this morning.',
    source: 'portal',
    ...values,
  })
}

/**
 * A new ticket taken to in_progress through the real actions: the manager
 * accepts it and assigns it to the agent, who starts it.
 */
export async function startTicket(ticket: Ticket, manager: Membership, agent: Membership) {
  let current = await TransitionTicket.handle(Actor.forMember(manager), {
    ticket,
    transition: 'accept',
  })
  current = await TransitionTicket.handle(Actor.forMember(manager), {
    ticket: current,
    transition: 'assign',
    assigneeId: agent.userId,
  })
  return TransitionTicket.handle(Actor.forMember(agent), { ticket: current, transition: 'start' })
}

/** A public reply, then an internal note, written on the ticket by the member. */
export async function replyAndNote(
  ticket: Ticket,
  author: Membership,
  reply: string,
  note: string
) {
  await AddComment.handle(Actor.forMember(author), { ticket, body: reply })
  await AddComment.handle(Actor.forMember(author), { ticket, body: note, internal: true })
}

/**
 * Many tickets at once, for lists past their count cap (1,000): written by
 * the generator of atum:generate (multi-row INSERTs), oldest first, each
 * opened by `requester` with the text `text(index)` gives, without
 * comments.
 */
export async function manyTickets(
  requester: Membership,
  count: number,
  text: (index: number) => { subject: string; description: string }
) {
  await requester.load('organization')
  return generateTickets(requester.organization, {
    tickets: count,
    commentsPerTicket: 0,
    seed: 1,
    scripted: Array.from({ length: count }, (_, index) => ({
      ...text(index),
      requesterId: requester.userId,
    })),
  })
}

/**
 * A comment with this body, public or an internal note, on each ticket of
 * the author's organization whose subject is LIKE `subjectLike`, in one
 * INSERT.
 */
export async function commentOnEach(
  author: Membership,
  body: string,
  visibility: 'public' | 'internal',
  subjectLike: string
) {
  await db.rawQuery(
    `INSERT INTO ticket_comments
       (organization_id, ticket_id, author_id, visibility, body, body_html, created_at, updated_at)
     SELECT organization_id, id, ?, ?, ?, ?, now(), now()
       FROM tickets WHERE organization_id = ? AND subject LIKE ?`,
    [author.userId, visibility, body, `<p>${body}</p>`, author.organizationId, subjectLike]
  )
}
