import type User from '#models/user'

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
  static async handle(user: User, input: ProfileInput) {
    user.merge(input)
    await user.save()
    return user
  }
}
