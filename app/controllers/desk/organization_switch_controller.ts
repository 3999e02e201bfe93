import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import { activeMembershipsOf } from '#http/current_membership'

const switchValidator = vine.compile(vine.object({ organization_id: vine.number() }))

/**
 * Staff serving several organizations switch between them.
 */
export default class OrganizationSwitchController {
  async update({ request, auth, session, response }: HttpContext) {
    const { organization_id: organizationId } = await request.validateUsing(switchValidator)
    const memberships = await activeMembershipsOf(auth.use('web').user!)
    const target = memberships.find((membership) => membership.organizationId === organizationId)
    if (!target) return response.notFound()

    session.put('organizationId', target.organizationId)
    session.flash('success', `You are now working in ${target.organization.name}.`)
    return response.redirect().toRoute(target.isStaff ? 'desk.dashboard' : 'portal.home')
  }
}
