import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import AcceptInvitation from '#actions/invitations/accept_invitation'
import { acceptInvitationValidator } from '#validators/auth'
import { homeFor } from '#http/home'
import { currentMembershipOf } from '#http/current_membership'

/**
 * The page an invitation mail links to.
 */
export default class InvitationsController {
  async show({ params, view, response }: HttpContext) {
    const invitation = await AcceptInvitation.findUsable(params.token)
    if (!invitation) {
      response.status(410)
      return view.render('pages/auth/invitation', { invitation: null, token: params.token })
    }
    const hasAccount = !!(await User.findByEmail(invitation.email))
    return view.render('pages/auth/invitation', { invitation, hasAccount, token: params.token })
  }

  async accept({ params, request, response, auth, session, actor }: HttpContext) {
    const input = await request.validateUsing(acceptInvitationValidator)
    const { user, invitation } = await AcceptInvitation.handle(actor, {
      token: params.token,
      fullName: input.full_name,
      password: input.password,
    })

    await auth.use('web').login(user)
    session.put('sessionVersion', user.sessionVersion)
    session.put('organizationId', invitation.organizationId)
    session.flash('success', `Welcome to ${invitation.organization.name}.`)
    return response.redirect(homeFor(await currentMembershipOf(user, invitation.organizationId)))
  }
}
