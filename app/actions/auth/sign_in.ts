import hash from '@adonisjs/core/services/hash'
import limiter from '@adonisjs/limiter/services/main'
import User from '#models/user'
import ActionError from '#exceptions/action_error'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import type Actor from '#actions/actor'

/**
 * Failed sign-ins are limited per account *and address*: ten wrong
 * passwords for one account from one address block that pair for 15
 * minutes (even the right password is refused), while the owner can still
 * sign in from elsewhere — a stranger cannot lock a victim out. Each
 * address is also limited across accounts, against password spraying.
 */
const perAccountAndAddress = () =>
  limiter.use({ requests: 10, duration: '15 mins', blockDuration: '15 mins' })
const perAddress = () =>
  limiter.use({ requests: 50, duration: '15 mins', blockDuration: '30 mins' })

const INVALID = 'The email or password is not correct.'

export default class SignIn {
  /** The actor is the visitor: limits count per their address. */
  static async handle(actor: Actor, input: { email: string; password: string }) {
    const email = User.normalizeEmailAddress(input.email)
    const ip = actor.ip
    const addressKey = `sign_in:ip:${ip}`

    const addressLimiter = perAddress()
    if (await addressLimiter.isBlocked(addressKey)) {
      await RecordAuthEvent.handle(actor, { event: 'sign_in_blocked', email })
      throw SignIn.tooMany(await addressLimiter.availableIn(addressKey))
    }

    const [throttled, user] = await perAccountAndAddress().penalize(`sign_in:${email}:${ip}`, () =>
      SignIn.verify(actor, email, input.password)
    )

    if (throttled) {
      await RecordAuthEvent.handle(actor, { event: 'sign_in_blocked', email })
      throw SignIn.tooMany(throttled.response.availableIn)
    }
    return user
  }

  private static async verify(actor: Actor, email: string, password: string) {
    const user = await User.findByEmail(email)
    // Hash even when the account is unknown, so timing does not tell.
    const valid = user?.password
      ? await hash.verify(user.password, password)
      : (await hash.make(password), false)

    if (!user || !valid) {
      await RecordAuthEvent.handle(actor, { event: 'sign_in_failed', user, email })
      // Counts toward the address limit; its own refusal shows on the next try.
      await perAddress()
        .consume(`sign_in:ip:${actor.ip}`)
        .catch(() => {})
      throw new ActionError(INVALID, 'email')
    }
    if (user.isDisabled) {
      await RecordAuthEvent.handle(actor, {
        event: 'sign_in_failed',
        user,
        meta: { reason: 'disabled' },
      })
      throw new ActionError('This account is disabled. Ask your administrator.', 'email')
    }
    return user
  }

  private static tooMany(availableInSeconds: number) {
    const minutes = Math.max(1, Math.ceil(availableInSeconds / 60))
    return new ActionError(
      `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      'email',
      { status: 429 }
    )
  }
}
