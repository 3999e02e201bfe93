import type { HttpContext } from '@adonisjs/core/http'

/**
 * GET /api/v1/me: who the token belongs to, in which organization, as what.
 */
export default class MeController {
  show({ auth, membership }: HttpContext) {
    const user = auth.use('api').user!
    return {
      data: {
        user: {
          id: user.id,
          email: user.email,
          full_name: user.fullName,
          locale: user.locale,
          time_zone: user.timeZone,
        },
        organization: {
          id: membership!.organization.id,
          name: membership!.organization.name,
          slug: membership!.organization.slug,
        },
        role: membership!.role,
      },
    }
  }
}
