import { args } from '@adonisjs/core/ace'
import DisableUser from '#actions/users/disable_user'
import AtumCommand from './_atum_command.js'

/**
 * Disables an account everywhere (DisableUser action).
 */
export default class AtumUserDisable extends AtumCommand {
  static commandName = 'atum:user:disable'
  static description = 'Disable an account in every organization'
  static help = [
    'The person can no longer sign in; their sessions end at their next',
    'request and their "remember me" and API tokens are deleted.',
    'To remove someone from one organization only, use the desk (Members).',
    '',
    '  {{ binaryName }} atum:user:disable ada@acme.test',
  ]

  @args.string({ description: 'Email address of the account' })
  declare email: string

  async run() {
    const user = await this.findUser(this.email)
    if (!user) return

    if (user.isDisabled) {
      this.logger.info(`${user.email} is already disabled`)
      return
    }

    await this.attempt(async () => {
      await DisableUser.handle(this.actor, { user })
      this.logger.success(`Disabled ${user.email}: signed out everywhere, API tokens deleted`)
    })
  }
}
