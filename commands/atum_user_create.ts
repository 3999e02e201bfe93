import { args, flags } from '@adonisjs/core/ace'
import db from '@adonisjs/lucid/services/db'
import { SimpleMessagesProvider } from '@vinejs/vine'
import { ROLES } from '#models/membership'
import CreateUser from '#actions/users/create_user'
import CreatePasswordResetLink from '#actions/passwords/create_password_reset_link'
import { createUserValidator } from '#validators/accounts'
import AtumCommand from './_atum_command.js'

/** Validation messages that name the command-line flags. */
const messages = new SimpleMessagesProvider(
  { 'role.enum': `The role must be one of ${ROLES.join(', ')}` },
  { email: 'email', fullName: 'name', role: 'role', password: 'password' }
)

/** How long the set-password link of a new account works. */
const LINK_VALID_HOURS = 24

/**
 * Creates an account with its first membership (CreateUser action). Without
 * --password it prints a one-time link where the person chooses one.
 */
export default class AtumUserCreate extends AtumCommand {
  static commandName = 'atum:user:create'
  static description = 'Create an account with a role in an organization'
  static help = [
    'Creates the account and its membership, then prints a one-time link',
    `(valid ${LINK_VALID_HOURS} hours) where the person sets a password.`,
    '',
    '  {{ binaryName }} atum:user:create ada@acme.test \\',
    '    --name="Ada Lovelace" --org=acme --role=admin',
    '',
    'A customer belongs to one organization only; staff may serve several',
    '(add them to another organization with an invitation from the desk).',
    '--password sets the password directly (it stays in your shell history).',
  ]

  @args.string({ description: 'Email address of the account (also its sign-in name)' })
  declare email: string

  @flags.string({ description: 'Required. The full name of the person' })
  declare name?: string

  @flags.string({ description: 'Required. Slug of the organization to join' })
  declare org?: string

  @flags.string({ description: `Required. Role in that organization: ${ROLES.join(', ')}` })
  declare role?: string

  @flags.string({ description: 'Password (10+ characters). Default: print a set-password link' })
  declare password?: string

  async run() {
    if (this.missingFlags(['name', 'org', 'role'])) return

    const input = await this.validate(
      createUserValidator,
      { email: this.email, fullName: this.name, role: this.role, password: this.password },
      messages
    )
    if (!input) return

    const organization = await this.findOrganization(this.org)
    if (!organization) return

    // The account and its link are created together, or not at all.
    const created = await this.attempt(() =>
      db.transaction(async (trx) => {
        const user = await CreateUser.handle(this.actor, { ...input, organization }, trx)
        if (input.password) return { user, link: null }

        const { url } = await CreatePasswordResetLink.handle(
          this.actor,
          { user, validForHours: LINK_VALID_HOURS },
          trx
        )
        return { user, link: url }
      })
    )
    if (!created) return

    const { user, link } = created
    this.logger.success(
      `Created ${user.email} (${user.fullName}), ${input.role} of ${organization.name}: user id ${user.id}`
    )
    if (link) {
      this.logger.info(
        `One-time link to set the password (valid ${LINK_VALID_HOURS} hours), give it to ${user.email}:`
      )
      this.logger.log(link)
    }
  }
}
