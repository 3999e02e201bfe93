import type Membership from '#models/membership'
import type Ticket from '#models/ticket'
import CreateTicket, { type CreateTicketInput } from '#actions/tickets/create_ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import Actor from '#actions/actor'

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
