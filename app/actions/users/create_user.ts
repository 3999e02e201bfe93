import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import type Organization from '#models/organization'
import type { Role } from '#models/membership'
import ActionError from '#exceptions/action_error'
import AddMembership from '#actions/memberships/add_membership'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'

export interface CreateUserInput {
  email: string
  fullName: string
  password?: string | null
  organization: Organization
  role: Role
}

/**
 * Creates an account with its first membership, in one transaction.
 */
export default class CreateUser {
  static async handle(actor: Actor, input: CreateUserInput, trx?: TransactionClientContract) {
    const run = async (client: TransactionClientContract) => {
      if (await User.findByEmail(input.email)) {
        throw new ActionError(`An account with the email ${input.email} already exists.`, 'email')
      }
      const user = new User().useTransaction(client)
      user.merge({ email: input.email, fullName: input.fullName })
      if (input.password) user.password = input.password
      await user.save()
      await AddMembership.handle(
        actor,
        { user, organization: input.organization, role: input.role },
        client
      )
      await RecordAuthEvent.handle(
        actor,
        {
          event: 'user_created',
          user,
          organizationId: input.organization.id,
          meta: { role: input.role },
        },
        client
      )
      return user
    }
    return trx ? run(trx) : db.transaction(run)
  }
}
