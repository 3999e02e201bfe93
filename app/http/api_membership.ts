import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import Membership from '#models/membership'

/**
 * The membership an API request acts as: the token's organization, while
 * the member is still active there. Null refuses the request (401).
 */
export async function membershipForAccessToken(ctx: HttpContext) {
  const user = ctx.auth.use('api').user
  const token = user?.currentAccessToken
  if (!user || !token || user.isDisabled) return null

  const row = await db
    .from('auth_access_tokens')
    .where('id', Number(token.identifier))
    .select('organization_id')
    .first()
  if (!row?.organization_id) return null

  return Membership.query()
    .where('user_id', user.id)
    .where('organization_id', row.organization_id)
    .whereNull('disabled_at')
    .preload('organization')
    .first()
}
