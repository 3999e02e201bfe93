import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { VineValidator } from '@vinejs/vine'
import type { Infer, MessagesProviderContact, SchemaTypes } from '@vinejs/vine/types'
import User from '#models/user'
import Organization from '#models/organization'
import ActionError from '#exceptions/action_error'
import Actor from '#actions/actor'

/**
 * What the atum:* commands share: how they refuse (one line on stderr, exit
 * code 1) and the checks they all make before calling an action.
 *
 * The file name starts with "_" so that ace's loader skips it: it is not a
 * command of its own.
 */
export default abstract class AtumCommand extends BaseCommand {
  /** Every command reads or writes the database. */
  static options: CommandOptions = {
    startApp: true,
  }

  /**
   * Who the command's actions act as: the system (an operator at the
   * console; the audit trail shows "System"). A command that works in one
   * organization acts with `Actor.system(organization)`.
   */
  protected actor = Actor.system()

  /** A refusal: one line on stderr, exit code 1. */
  protected fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }

  /**
   * Ace has no required flags: true (after failing) when any of `names` was
   * not given. `hint` is added in parentheses, such as an example.
   */
  protected missingFlags<Name extends keyof this & string>(names: Name[], hint?: string) {
    const missing = names.filter((name) => this[name] === undefined)
    if (missing.length === 0) return false

    const list = missing.map((name) => `--${name}`).join(', ')
    const suffix = hint ? ` (${hint})` : ''
    this.fail(`Missing required flag${missing.length > 1 ? 's' : ''} ${list}${suffix}`)
    return true
  }

  /**
   * The validated input, or undefined after failing with every message on
   * one line (the messages provider names the flags instead of the fields).
   */
  protected async validate<Schema extends SchemaTypes>(
    validator: VineValidator<Schema, Record<string, any> | undefined>,
    data: unknown,
    messagesProvider?: MessagesProviderContact
  ): Promise<Infer<Schema> | undefined> {
    const [invalid, input] = await validator.tryValidate(data, { messagesProvider })
    if (invalid) {
      this.fail(invalid.messages.map((error: { message: string }) => error.message).join('. '))
      return undefined
    }
    return input
  }

  /** The organization with this slug, or undefined after failing. */
  protected async findOrganization(slug: string | undefined) {
    const organization = slug === undefined ? null : await Organization.findBy('slug', slug)
    if (!organization) {
      this.fail(`No organization has the slug "${slug}" (see atum:org:list)`)
      return undefined
    }
    return organization
  }

  /** The account with this email (any case), or undefined after failing. */
  protected async findUser(email: string) {
    const user = await User.findByEmail(email)
    if (!user) {
      this.fail(`No account has the email ${email}`)
      return undefined
    }
    return user
  }

  /**
   * Runs an action: a refusal (ActionError) becomes a failure with its
   * message, written for the user; anything else is a bug and is rethrown.
   */
  protected async attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn()
    } catch (error) {
      if (error instanceof ActionError) {
        this.fail(error.message)
        return undefined
      }
      throw error
    }
  }
}
