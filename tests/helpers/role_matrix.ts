import Membership, { type Role } from '#models/membership'
import Organization from '#models/organization'
import Ticket from '#models/ticket'
import TicketComment from '#models/ticket_comment'
import Attachment from '#models/attachment'
import BusinessCalendar from '#models/business_calendar'
import { DateTime } from 'luxon'

/**
 * The vocabulary of the role matrix (tests/unit/policies/role_matrix.spec.ts):
 * who asks, and the records of organization 1 they ask about. A plugin
 * states the expectations of its own policies in
 * plugins/<id>/tests/role_matrix.ts (`export const expectations`), with
 * these words, so the matrix never names a plugin.
 *
 * The actors:
 * - customer, agent, manager, admin: members of organization 1;
 * - disabled: an admin of organization 1 whose access was removed;
 * - outsider: an admin of organization 2. Given organization 1's records,
 *   it must be refused unless a row says otherwise; for an action without
 *   a record it acts in its own organization and answers as an admin;
 * - guest: nobody signed in (no membership).
 */
export const ACTORS = [
  'customer',
  'agent',
  'manager',
  'admin',
  'disabled',
  'outsider',
  'guest',
] as const
export type Actor = (typeof ACTORS)[number]

export const NOBODY: readonly Actor[] = []
export const STAFF: readonly Actor[] = ['agent', 'manager', 'admin']
export const MANAGERS: readonly Actor[] = ['manager', 'admin']
export const ADMINS: readonly Actor[] = ['admin']
/** Every member of the organization with access. */
export const MEMBERS: readonly Actor[] = ['customer', ...STAFF]

/** User ids of organization 1 (and 2), so a row can say whose record it is. */
export const USERS = {
  customer: 11,
  agent: 12,
  manager: 13,
  admin: 14,
  disabled: 15,
  otherCustomer: 16,
  otherAgent: 17,
  outsider: 21,
} as const

export const ORGANIZATION = 1
export const OTHER_ORGANIZATION = 2

export interface Expectation {
  /** The situation, in words (the test's title). */
  case: string
  /** The arguments after the actor; the actor is given for "themselves" cases. */
  args?: (actor: Membership | null) => unknown[]
  /** Who may; every other actor may not. */
  allowed: readonly Actor[]
}

/** Per policy action ("TicketPolicy.transition") or ability ("ability:accessDesk"). */
export type Expectations = Record<string, Expectation[]>

function organization(id: number) {
  const org = new Organization()
  org.merge({ id, name: `Organization ${id}`, slug: `org-${id}`, timeZone: 'UTC', settings: {} })
  return org
}

function member(role: Role, userId: number, organizationId = ORGANIZATION) {
  const membership = new Membership()
  membership.merge({ id: userId, role, organizationId, userId, disabledAt: null })
  membership.$setRelated('organization', organization(organizationId))
  return membership
}

/** The acting membership of each actor (null: a guest). */
export function actorsOfTheMatrix(): Record<Actor, Membership | null> {
  const disabled = member('admin', USERS.disabled)
  disabled.disabledAt = DateTime.now()
  return {
    customer: member('customer', USERS.customer),
    agent: member('agent', USERS.agent),
    manager: member('manager', USERS.manager),
    admin: member('admin', USERS.admin),
    disabled,
    outsider: member('admin', USERS.outsider, OTHER_ORGANIZATION),
    guest: null,
  }
}

/** The core's records of organization 1. */
export const records = {
  /** The customer's request, assigned to the agent. */
  ticket: Object.assign(new Ticket(), {
    id: 1,
    number: 1,
    organizationId: ORGANIZATION,
    requesterId: USERS.customer,
    assigneeId: USERS.agent,
    status: 'in_progress',
  }) as Ticket,
  /** Another customer's request, assigned to another agent. */
  otherTicket: Object.assign(new Ticket(), {
    id: 2,
    number: 2,
    organizationId: ORGANIZATION,
    requesterId: USERS.otherCustomer,
    assigneeId: USERS.otherAgent,
    status: 'in_progress',
  }) as Ticket,
  customerReply: comment(1, USERS.customer, 'public'),
  staffReply: comment(2, USERS.agent, 'public'),
  note: comment(3, USERS.agent, 'internal'),
  attachment: Object.assign(new Attachment(), {
    id: 1,
    organizationId: ORGANIZATION,
    ticketId: 1,
    uploaderId: USERS.customer,
  }) as Attachment,
  calendar: Object.assign(new BusinessCalendar(), {
    id: 1,
    organizationId: ORGANIZATION,
  }) as BusinessCalendar,
  /** An agent of organization 1, someone to manage. */
  member: member('agent', USERS.otherAgent),
  /** A member of organization 1 whose access was removed. */
  removedMember: Object.assign(member('agent', 18), { disabledAt: DateTime.now() }),
}

function comment(id: number, authorId: number, visibility: 'public' | 'internal') {
  return Object.assign(new TicketComment(), {
    id,
    organizationId: ORGANIZATION,
    ticketId: 1,
    authorId,
    visibility,
  }) as TicketComment
}

/** Whether a row's arguments hold a record of organization 1 (the outsider must be refused). */
export function concernsOrganization(args: unknown[]) {
  return args.some(
    (arg) =>
      typeof arg === 'object' &&
      arg !== null &&
      (arg as { organizationId?: unknown }).organizationId === ORGANIZATION
  )
}
