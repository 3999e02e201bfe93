import Organization from '#models/organization'
import User from '#models/user'
import Membership, { type Role } from '#models/membership'

/** The password of every account made by these factories. */
export const PASSWORD = 'correct horse battery'

let sequence = 0
const next = () => `${process.pid}-${++sequence}`

export async function createOrganization(values: Partial<Organization> = {}) {
  const id = next()
  return Organization.create({ name: `Org ${id}`, slug: `org-${id}`, timeZone: 'UTC', ...values })
}

export async function createUser(values: Partial<User> = {}) {
  const id = next()
  return User.create({
    email: `person-${id}@example.test`,
    fullName: `Person ${id}`,
    password: PASSWORD,
    ...values,
  })
}

/** A user with a role in an organization. */
export async function createMember(
  organization: Organization,
  role: Role,
  values: Partial<User> = {}
) {
  const user = await createUser(values)
  const membership = await Membership.create({
    userId: user.id,
    organizationId: organization.id,
    role,
  })
  await membership.load('organization')
  return { user, membership }
}

/**
 * An organization with one member of each role, named as the pages show
 * them: Dana Customer, Alex Agent, Morgan Manager and Ada Admin (each a
 * { user, membership }). `values` make the organization; an organization
 * passed instead gets the members.
 */
export async function createTeam(values: Partial<Organization> | Organization = {}) {
  const organization = values instanceof Organization ? values : await createOrganization(values)
  return {
    organization,
    customer: await createMember(organization, 'customer', { fullName: 'Dana Customer' }),
    agent: await createMember(organization, 'agent', { fullName: 'Alex Agent' }),
    manager: await createMember(organization, 'manager', { fullName: 'Morgan Manager' }),
    admin: await createMember(organization, 'admin', { fullName: 'Ada Admin' }),
  }
}

/** A member as the factories make them. */
export type Member = Awaited<ReturnType<typeof createMember>>
