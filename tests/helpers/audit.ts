import db from '@adonisjs/lucid/services/db'
import AuditEvent from '#models/audit_event'
import type Organization from '#models/organization'
import type Ticket from '#models/ticket'
import TransitionTicket from '#actions/tickets/transition_ticket'
import AddComment from '#actions/tickets/add_comment'
import { createTeam, type Member } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import Actor from '#actions/actor'

/**
 * The first-ticket lifecycle through the real actions, by a createTeam team
 * added to the organization (customer creates, manager accepts and assigns,
 * agent starts, replies, notes and resolves, manager closes), each step by
 * its person from an address: the 8 audit events of LIFECYCLE_ACTIONS.
 */
export async function runTicketLifecycle(organization: Organization, subject?: string) {
  const { customer, agent, manager } = await createTeam(organization)
  const by = (member: Member) =>
    new Actor({
      user: member.user,
      membership: member.membership,
      organization,
      ip: '203.0.113.7',
      userAgent: 'Japa audit test',
    })

  let ticket: Ticket = await createTicket(customer.membership, subject ? { subject } : {})
  ticket = await TransitionTicket.handle(by(manager), { ticket, transition: 'accept' })
  ticket = await TransitionTicket.handle(by(manager), {
    ticket,
    transition: 'assign',
    assigneeId: agent.user.id,
  })
  ticket = await TransitionTicket.handle(by(agent), { ticket, transition: 'start' })
  await AddComment.handle(by(agent), { ticket, body: 'Cleared the jam.' })
  await AddComment.handle(by(agent), { ticket, body: 'Toner low', internal: true })
  ticket = await TransitionTicket.handle(by(agent), { ticket, transition: 'resolve' })
  ticket = await TransitionTicket.handle(by(manager), { ticket, transition: 'close' })
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

/**
 * Overwrites the organization's audit chain head so that it no longer
 * matches the last event, which it returns.
 */
export async function breakChainHead(organization: Organization) {
  const last = await AuditEvent.query()
    .where('organization_id', organization.id)
    .orderBy('id', 'desc')
    .firstOrFail()
  await db
    .from('audit_chain_heads')
    .where('organization_id', organization.id)
    .update({ last_hash: 'f'.repeat(64) })
  return last
}
