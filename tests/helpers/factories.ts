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
