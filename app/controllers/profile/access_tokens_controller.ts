import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import CreateAccessToken from '#actions/tokens/create_access_token'
import RevokeAccessToken from '#actions/tokens/revoke_access_token'
import { accessTokenValidator } from '#validators/accounts'

/**
 * A person's API tokens for the current organization.
 */
export default class AccessTokensController {
  async index({ view, auth }: HttpContext) {
    const tokens = await db
      .from('auth_access_tokens')
      .leftJoin('organizations', 'organizations.id', 'auth_access_tokens.organization_id')
      .where('auth_access_tokens.tokenable_id', auth.use('web').user!.id)
      .orderBy('auth_access_tokens.created_at', 'desc')
      .select(
        'auth_access_tokens.id',
        'auth_access_tokens.name',
        'auth_access_tokens.created_at',
        'auth_access_tokens.last_used_at',
        'organizations.name as organization_name'
      )
    return view.render('pages/profile/tokens', { tokens })
  }

  async store({ request, auth, organization, session, response }: HttpContext) {
    const { name } = await request.validateUsing(accessTokenValidator)
    if (!organization) {
      session.flash('error', 'You need an organization to create API tokens.')
      return response.redirect().toRoute('tokens.index')
    }
    const token = await CreateAccessToken.handle({
      user: auth.use('web').user!,
      organization,
      name,
    })
    // Shown once, on the next page only.
    session.flash('newToken', token.value)
    return response.redirect().toRoute('tokens.index')
  }

  async destroy({ params, auth, response, session }: HttpContext) {
    const revoked = await RevokeAccessToken.handle(auth.use('web').user!, Number(params.id))
    if (!revoked) return response.notFound()
    session.flash('success', 'The token is revoked.')
    return response.redirect().toRoute('tokens.index')
  }
}
