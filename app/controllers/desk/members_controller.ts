import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import type Organization from '#models/organization'
import { ROLES } from '#models/membership'
import ChangeRole from '#actions/memberships/change_role'
import DisableMembership from '#actions/memberships/disable_membership'
import InviteMember from '#actions/invitations/invite_member'
import { inviteValidator, roleValidator } from '#validators/accounts'

/**
 * Admin → Members: the people of the organization, invitations, roles.
 * Members are always loaded through the current organization, so another
 * organization's member answers 404.
 */
export default class MembersController {
  async index({ request, view, bouncer, organization }: HttpContext) {
    await bouncer.with('MembershipPolicy').authorize('viewList')
    const page = Math.max(1, Number(request.input('page', 1)) || 1)
    const members = await organization!
      .related('memberships')
      .query()
      .preload('user')
      .join('users', 'users.id', 'memberships.user_id')
      .orderByRaw('memberships.disabled_at IS NOT NULL')
      .orderBy('users.full_name')
      .select('memberships.*')
      .paginate(page, 50)
    members.baseUrl(router.makeUrl('desk.members.index'))
    const invitations = await organization!
      .related('invitations')
      .query()
      .whereNull('accepted_at')
      .where('expires_at', '>', new Date())
      .orderBy('created_at', 'desc')
    return view.render('pages/desk/members/index', { members, invitations, roles: ROLES })
  }

  async invite({ request, bouncer, organization, auth, session, response }: HttpContext) {
    await bouncer.with('MembershipPolicy').authorize('invite')
    const { email, role } = await request.validateUsing(inviteValidator)
    await InviteMember.handle({
      organization: organization!,
      email,
      role,
      actor: auth.use('web').user!,
      request,
    })
    session.flash('success', `An invitation is on its way to ${email}.`)
    return response.redirect().toRoute('desk.members.index')
  }

  async updateRole({
    params,
    request,
    bouncer,
    organization,
    auth,
    session,
    response,
  }: HttpContext) {
    const member = await findMember(organization!, params.id)
    await bouncer.with('MembershipPolicy').authorize('changeRole', member)
    const { role } = await request.validateUsing(roleValidator)
    await ChangeRole.handle(member, role, auth.use('web').user)
    session.flash('success', `${member.user.fullName} is now ${role}.`)
    return response.redirect().toRoute('desk.members.index')
  }

  async disable({ params, bouncer, organization, auth, session, response }: HttpContext) {
    const member = await findMember(organization!, params.id)
    await bouncer.with('MembershipPolicy').authorize('disable', member)
    await DisableMembership.handle(member, auth.use('web').user)
    session.flash(
      'success',
      `${member.user.fullName} no longer has access to ${organization!.name}.`
    )
    return response.redirect().toRoute('desk.members.index')
  }
}

/** A member of this organization; another organization's answers 404. */
function findMember(organization: Organization, id: number) {
  return organization.related('memberships').query().where('id', id).preload('user').firstOrFail()
}
