import type { HttpContext } from '@adonisjs/core/http'
import ChangePassword from '#actions/passwords/change_password'
import UpdateProfile from '#actions/users/update_profile'
import { LOCALE_NAMES, changePasswordValidator, profileValidator } from '#validators/accounts'

/**
 * A signed-in person's own account: name, language, time zone, password.
 */
export default class ProfileController {
  show({ view }: HttpContext) {
    return view.render('pages/profile/show', { localeNames: LOCALE_NAMES })
  }

  async update({ request, auth, response, session }: HttpContext) {
    const input = await request.validateUsing(profileValidator)
    await UpdateProfile.handle(auth.use('web').user!, {
      fullName: input.full_name,
      locale: input.locale,
      timeZone: input.time_zone,
    })
    session.flash('success', 'Your profile is saved.')
    return response.redirect().toRoute('profile')
  }

  async updatePassword({ request, auth, response, session }: HttpContext) {
    const input = await request.validateUsing(changePasswordValidator)
    const version = await ChangePassword.handle(
      auth.use('web').user!,
      { currentPassword: input.current_password, password: input.password },
      request
    )
    // This session carries on; every other one ends at its next request.
    session.put('sessionVersion', version)
    session.flash('success', 'Your password is changed. Your other sessions are signed out.')
    return response.redirect().toRoute('profile')
  }
}
