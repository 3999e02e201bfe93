import type { HttpContext } from '@adonisjs/core/http'
import SignIn from '#actions/auth/sign_in'
import RecordAuthEvent from '#actions/auth/record_auth_event'
import { signInValidator } from '#validators/auth'
import { currentMembershipOf } from '#http/current_membership'
import { homeFor } from '#http/home'

/**
 * Sign-in and sign-out, for the portal and the desk alike.
 */
export default class SessionController {
  create({ view }: HttpContext) {
    return view.render('pages/auth/sign_in')
  }

  async store({ request, auth, session, response, actor }: HttpContext) {
    const { email, password, remember } = await request.validateUsing(signInValidator)
    // The actor stays the visitor who signed in, for this request.
    const user = await SignIn.handle(actor, { email, password })

    await auth.use('web').login(user, !!remember)
    session.put('sessionVersion', user.sessionVersion)
    const membership = await currentMembershipOf(user, null)
    if (membership) session.put('organizationId', membership.organizationId)
    await RecordAuthEvent.handle(actor, {
      event: 'sign_in',
      user,
      organizationId: membership?.organizationId,
      meta: { remember: !!remember },
    })

    const intended = session.pull('intendedUrl')
    const safeIntended =
      typeof intended === 'string' && /^\/(?!\/)/.test(intended) ? intended : null
    return response.redirect(safeIntended ?? homeFor(membership))
  }

  async destroy({ auth, session, response, organization, actor }: HttpContext) {
    const user = auth.use('web').user
    await auth.use('web').logout()
    session.clear()
    if (user) {
      await RecordAuthEvent.handle(actor, {
        event: 'sign_out',
        user,
        organizationId: organization?.id,
      })
    }
    session.flash('success', 'You are signed out.')
    return response.redirect().toRoute('login')
  }
}
