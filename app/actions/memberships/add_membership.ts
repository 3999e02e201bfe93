import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Membership, { type Role } from '#models/membership'
import type Organization from '#models/organization'
import type User from '#models/user'
import ActionError from '#exceptions/action_error'
import type Actor from '#actions/actor'

/**
 * Gives a user a role in an organization. Staff may serve several
 * organizations; a customer belongs to exactly one, so a customer cannot
 * join another organization and a staff member cannot become a customer.
 */
export default class AddMembership {
  static async handle(
    _actor: Actor,
    { user, organization, role }: { user: User; organization: Organization; role: Role },
    trx?: TransactionClientContract
  ) {
    const existing = await Membership.query({ client: trx }).where('user_id', user.id)
    const here = existing.find((membership) => membership.organizationId === organization.id)
    if (here) {
      throw new ActionError(`${user.email} is already a member of ${organization.name}.`, 'email')
    }
    if (
      existing.length > 0 &&
      (role === 'customer' || existing.some((m) => m.role === 'customer'))
    ) {
      throw new ActionError(
        `${user.email} belongs to another organization: a customer account belongs to one organization only.`,
        'email'
      )
    }
    return Membership.create(
      { userId: user.id, organizationId: organization.id, role },
      { client: trx }
    )
  }
}
