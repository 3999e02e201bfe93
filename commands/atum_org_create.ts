import { args, flags } from '@adonisjs/core/ace'
import { SimpleMessagesProvider } from '@vinejs/vine'
import CreateOrganization from '#actions/organizations/create_organization'
import { createOrganizationValidator } from '#validators/accounts'
import AtumCommand from './_atum_command.js'

/** Validation messages that name the command-line flags. */
const messages = new SimpleMessagesProvider(
  {
    'slug.regex':
      'The slug may contain only lowercase letters, digits and single hyphens (for example acme-support)',
  },
  { name: 'name', slug: 'slug', timeZone: 'timezone' }
)

/**
 * Creates a tenant from the command line (CreateOrganization action).
 */
export default class AtumOrgCreate extends AtumCommand {
  static commandName = 'atum:org:create'
  static description = 'Create an organization (a tenant of the desk)'
  static help = [
    'Creates an organization and prints its id and slug.',
    '',
    '  {{ binaryName }} atum:org:create "Acme" --slug=acme --timezone=Europe/Berlin',
    '',
    'Then give it an admin with atum:user:create --org=<slug> --role=admin.',
  ]

  @args.string({ description: 'The organization name, as people will read it' })
  declare name: string

  @flags.string({
    description:
      'Required. Unique identifier: lowercase letters, digits and hyphens (acme-support)',
  })
  declare slug?: string

  @flags.string({
    description: 'IANA time zone, such as Europe/Berlin or America/New_York',
    default: 'UTC',
  })
  declare timezone: string

  async run() {
    if (this.missingFlags(['slug'], 'for example --slug=acme')) return

    const input = await this.validate(
      createOrganizationValidator,
      { name: this.name, slug: this.slug, timeZone: this.timezone },
      messages
    )
    if (!input) return

    const organization = await this.attempt(() => CreateOrganization.handle(this.actor, input))
    if (!organization) return
    this.logger.success(
      `Created the organization "${organization.name}": id ${organization.id}, slug ${organization.slug}, time zone ${organization.timeZone}`
    )
  }
}
