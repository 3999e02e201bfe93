import type { ApiResponse } from '@japa/api-client'
import type Organization from '#models/organization'
import type { Role } from '#models/membership'
import CreateAccessToken from '#actions/tokens/create_access_token'
import { createMember, createOrganization } from '#tests/helpers/factories'

/** A member of the organization with an API token for it. */
export async function apiMember(organization: Organization, role: Role) {
  const member = await createMember(organization, role)
  const { value: token } = await CreateAccessToken.handle({
    user: member.user,
    organization,
    name: `${role} token`,
  })
  return { ...member, token }
}

/** An organization with two customers, an agent, a manager and an admin, each with a token. */
export async function apiTeam(settings: Record<string, unknown> = {}) {
  const organization = await createOrganization({ settings })
  return {
    organization,
    customer: await apiMember(organization, 'customer'),
    otherCustomer: await apiMember(organization, 'customer'),
    agent: await apiMember(organization, 'agent'),
    manager: await apiMember(organization, 'manager'),
    admin: await apiMember(organization, 'admin'),
  }
}

/** The fields a 422 names. */
export function errorFields(response: ApiResponse): string[] {
  const { errors } = response.body() as { errors: Array<{ field?: string }> }
  return errors.map((error) => error.field ?? '')
}
