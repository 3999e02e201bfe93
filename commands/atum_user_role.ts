import { args, flags } from '@adonisjs/core/ace'
import { SimpleMessagesProvider } from '@vinejs/vine'
import Membership, { ROLES } from '#models/membership'
import ChangeRole from '#actions/memberships/change_role'
import { roleValidator } from '#validators/accounts'
import AtumCommand from './_atum_command.js'

/** Validation messages that name the command-line flags. */
const messages = new SimpleMessagesProvider({
  'role.enum': `The role must be one of ${ROLES.join(', ')}`,
})

/**
 * Changes the role of a member of an organization (ChangeRole action).
 */
export default class AtumUserRole extends AtumCommand {
  static commandName = 'atum:user:role'
  static description = "Change a member's role in an organization"
  static help = [
    'Changes the role of an existing member of the organization.',
    '',
    '  {{ binaryName }} atum:user:role ada@acme.test --org=acme --role=manager',
    '',
    'An organization keeps at least one admin, and a customer account',
    'belongs to one organization only.',
  ]

  @args.string({ description: 'Email address of the member' })
  declare email: string

  @flags.string({ description: 'Required. Slug of the organization' })
  declare org?: string

  @flags.string({ description: `Required. The new role: ${ROLES.join(', ')}` })
  declare role?: string

  async run() {
    if (this.missingFlags(['org', 'role'])) return

    const input = await this.validate(roleValidator, { role: this.role }, messages)
    if (!input) return

    const user = await this.findUser(this.email)
    if (!user) return
    const organization = await this.findOrganization(this.org)
    if (!organization) return

    const membership = await Membership.query()
      .where('user_id', user.id)
      .where('organization_id', organization.id)
      .first()
    if (!membership) {
      return this.fail(`${user.email} is not a member of ${organization.name}`)
    }

    const before = membership.role
    await this.attempt(async () => {
      await ChangeRole.handle(this.actor, { membership, role: input.role })
      if (before === input.role) {
        this.logger.info(`${user.email} already is ${input.role} of ${organization.name}`)
      } else {
        this.logger.success(
          `${user.email} is now ${input.role} of ${organization.name} (was ${before})`
        )
      }
    })
  }
}
