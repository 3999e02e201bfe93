import type Membership from '#models/membership'
import CreateTicket, { type CreateTicketInput } from '#actions/tickets/create_ticket'
import { SYSTEM_ACTOR } from '#services/audit/audit_trail'

/** A ticket opened by a member (through the real action). */
export function createTicket(requester: Membership, values: Partial<CreateTicketInput> = {}) {
  return CreateTicket.handle(
    requester,
    {
      subject: 'The printer on floor 2 is jammed',
      description: 'It shows **error 42** since this morning.',
      source: 'portal',
      ...values,
    },
    { ...SYSTEM_ACTOR, user: null }
  )
}
