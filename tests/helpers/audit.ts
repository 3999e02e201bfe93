import type Organization from '#models/organization'
import type Ticket from '#models/ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import type { AuditActor } from '#services/audit/audit_trail'
import { createMember } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'

/**
 * The first-ticket lifecycle through the real actions (customer creates,
 * manager accepts and assigns, agent starts, replies, notes and resolves,
 * manager closes), each step by its person from an address: the 8 audit events of LIFECYCLE_ACTIONS.
 */
export async function runTicketLifecycle(organization: Organization, subject?: string) {
  const customer = await createMember(organization, 'customer')
  const agent = await createMember(organization, 'agent')
  const manager = await createMember(organization, 'manager')
  const by = (member: { user: AuditActor['user'] }): AuditActor => ({
    user: member.user,
    ip: '203.0.113.7',
    userAgent: 'Japa audit test',
  })

  let ticket: Ticket = await createTicket(customer.membership, subject ? { subject } : {})
  ticket = await TransitionTicket.handle(ticket, 'accept', manager.membership, by(manager))
  ticket = await TransitionTicket.handle(ticket, 'assign', manager.membership, by(manager), {
    assigneeId: agent.user.id,
  })
  ticket = await TransitionTicket.handle(ticket, 'start', agent.membership, by(agent))
  await AddComment.handle(ticket, { body: 'Cleared the jam.' }, agent.membership, by(agent))
  await AddComment.handle(
    ticket,
    { body: 'Toner low', internal: true },
    agent.membership,
    by(agent)
  )
  ticket = await TransitionTicket.handle(ticket, 'resolve', agent.membership, by(agent))
  ticket = await TransitionTicket.handle(ticket, 'close', manager.membership, by(manager))
  return { ticket, customer, agent, manager }
}

/** The actions runTicketLifecycle records, in order. */
export const LIFECYCLE_ACTIONS = [
  'ticket.created',
  'ticket.accept',
  'ticket.assign',
  'ticket.start',
  'ticket.reply_added',
  'ticket.note_added',
  'ticket.resolve',
  'ticket.close',
]
