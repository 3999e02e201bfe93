import type Actor from '#actions/actor'

export interface ProfileInput {
  fullName: string
  locale: string
  timeZone: string
}

/**
 * A person updates their own name, language and time zone (validated by
 * profileValidator).
 */
export default class UpdateProfile {
  static async handle(actor: Actor, input: ProfileInput) {
    const user = actor.userOrFail()
    user.merge(input)
    await user.save()
    return user
  }
}
