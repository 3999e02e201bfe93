import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'
import type Membership from '#models/membership'
import UpdateProfile from '#actions/users/update_profile'
import { profileValidator } from '#validators/accounts'

/**
 * /api/v1/me: who the token belongs to, in which organization, as what.
 */
export default class MeController {
  show({ auth, membership }: HttpContext) {
    return { data: serializeMe(auth.use('api').user!, membership!) }
  }

  /** The person's own name, language and time zone. */
  async update({ actor, membership, request }: HttpContext) {
    const input = await request.validateUsing(profileValidator)
    const user = await UpdateProfile.handle(actor, {
      fullName: input.full_name,
      locale: input.locale,
      timeZone: input.time_zone,
    })
    return { data: serializeMe(user, membership!) }
  }
}

function serializeMe(user: User, membership: Membership) {
  return {
    user: {
      id: user.id,
      email: user.email,
      full_name: user.fullName,
      locale: user.locale,
      time_zone: user.timeZone,
    },
    organization: {
      id: membership.organization.id,
      name: membership.organization.name,
      slug: membership.organization.slug,
    },
    role: membership.role,
  }
}
