import type { HttpContext } from '@adonisjs/core/http'
import RequestPasswordReset from '#actions/passwords/request_password_reset'
import ResetPassword from '#actions/passwords/reset_password'
import { forgotPasswordValidator, resetPasswordValidator } from '#validators/auth'

/**
 * "Forgot your password?": a mailed, single-use link that expires.
 */
export default class PasswordResetController {
  create({ view }: HttpContext) {
    return view.render('pages/auth/forgot_password')
  }

  async store({ request, response, session }: HttpContext) {
    const { email } = await request.validateUsing(forgotPasswordValidator)
    await RequestPasswordReset.handle(email, request)
    session.flash(
      'success',
      'If an account uses this address, a link to choose a new password is on its way.'
    )
    return response.redirect().toRoute('password.forgot')
  }

  async edit({ params, view, response }: HttpContext) {
    const token = await ResetPassword.findUsable(params.token)
    if (!token) response.status(410)
    return view.render('pages/auth/reset_password', { token: params.token, usable: !!token })
  }

  async update({ params, request, response, session }: HttpContext) {
    const { password } = await request.validateUsing(resetPasswordValidator)
    await ResetPassword.handle(params.token, password, request)
    session.flash('success', 'Your password is changed. Sign in with the new one.')
    return response.redirect().toRoute('login')
  }
}
