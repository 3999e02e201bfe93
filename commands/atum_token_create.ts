import { args, flags } from '@adonisjs/core/ace'
import { SimpleMessagesProvider } from '@vinejs/vine'
import CreateAccessToken from '#actions/tokens/create_access_token'
import { accessTokenValidator } from '#validators/accounts'
import AtumCommand from './_atum_command.js'

/** Validation messages that name the command-line flags. */
const messages = new SimpleMessagesProvider({}, { name: 'name' })

/**
 * Creates an API access token of a member for one organization
 * (CreateAccessToken action) and prints it once.
 */
export default class AtumTokenCreate extends AtumCommand {
  static commandName = 'atum:token:create'
  static description = 'Create an API access token of a member for one organization'
  static help = [
    'The token is printed once, alone on stdout (the other lines go to stderr),',
    'so a script can capture it:',
    '',
    '  TOKEN=$({{ binaryName }} atum:token:create ada@acme.test --org=acme --name=CI)',
    '',
    'Send it as the header "Authorization: Bearer <token>" to /api/v1.',
    'Only its hash is stored: a lost token cannot be shown again, create another.',
  ]

  @args.string({ description: 'Email address of the member who owns the token' })
  declare email: string

  @flags.string({ description: 'Required. Slug of the organization the token acts in' })
  declare org?: string

  @flags.string({ description: 'Required. A label to recognize the token by (up to 80 chars)' })
  declare name?: string

  async run() {
    if (this.missingFlags(['org', 'name'])) return

    const input = await this.validate(accessTokenValidator, { name: this.name }, messages)
    if (!input) return

    const user = await this.findUser(this.email)
    if (!user) return
    const organization = await this.findOrganization(this.org)
    if (!organization) return

    const token = await this.attempt(() =>
      CreateAccessToken.handle(this.actor, { user, organization, name: input.name })
    )
    if (!token) return
    // Messages on stderr, the token alone on stdout.
    this.logger.logError(
      this.logger.prepareSuccess(
        `Created the API token "${token.name}" (id ${token.id}) of ${user.email} for ${organization.name}. It is shown only once:`
      )
    )
    this.logger.log(token.value)
    this.logger.logError(this.logger.prepareInfo('Use it as: Authorization: Bearer <token>'))
  }
}
