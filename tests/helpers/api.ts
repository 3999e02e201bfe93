import type { ApiResponse } from '@japa/api-client'
import type Organization from '#models/organization'
import type { Role } from '#models/membership'
import CreateAccessToken from '#actions/tokens/create_access_token'
import { createMember, createOrganization, createTeam, type Member } from '#tests/helpers/factories'
import { createTicket } from '#tests/helpers/tickets'
import Actor from '#actions/actor'

/** The member with an API token for their organization. */
export async function withToken<T extends Member>(member: T) {
  const { value: token } = await CreateAccessToken.handle(Actor.system(), {
    user: member.user,
    organization: member.membership.organization,
    name: `${member.membership.role} token`,
  })
  return { ...member, token }
}

/** A member of the organization with an API token for it. */
export async function apiMember(organization: Organization, role: Role) {
  return withToken(await createMember(organization, role))
}

/**
 * The team of createTeam (with these organization settings) and a second
 * customer, each with a token.
 */
export async function apiTeam(settings: Record<string, unknown> = {}) {
  const team = await createTeam({ settings })
  return {
    organization: team.organization,
    customer: await withToken(team.customer),
    otherCustomer: await apiMember(team.organization, 'customer'),
    agent: await withToken(team.agent),
    manager: await withToken(team.manager),
    admin: await withToken(team.admin),
  }
}

/**
 * Another organization whose customer opened `count` tickets there,
 * numbered from ATUM-1 like the team's own: what no member of the team may
 * reach.
 */
export async function ticketsElsewhere(count: number, subject?: string) {
  const organization = await createOrganization()
  const { membership: customer } = await createMember(organization, 'customer')
  const tickets = []
  for (let index = 0; index < count; index++) {
    tickets.push(await createTicket(customer, subject ? { subject } : {}))
  }
  return { organization, customer, tickets }
}

/** The fields a 422 names. */
export function errorFields(response: ApiResponse): string[] {
  const { errors } = response.body() as { errors: Array<{ field?: string }> }
  return errors.map((error) => error.field ?? '')
}
