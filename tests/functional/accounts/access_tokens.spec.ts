import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import CreateAccessToken from '#actions/tokens/create_access_token'
import DisableMembership from '#actions/memberships/disable_membership'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import Actor from '#actions/actor'

test.group('API access tokens', (group) => {
  isolateEachTest(group)

  test('a person creates a token in the desk, sees it once, uses it and revokes it', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization({ name: 'Acme', slug: 'acme' })
    const { user } = await createMember(organization, 'manager')

    const created = await client
      .post('/profile/tokens')
      .loginAs(user)
      .withCsrfToken()
      .form({ name: 'Nightly export' })
      .redirects(0)
    const token = created.flashMessages().newToken as string
    assert.match(token, /^atum_/)

    const page = await client
      .get('/profile/tokens')
      .loginAs(user)
      .withFlashMessages({ newToken: token })
    assert.include(page.text(), 'Nightly export')
    assert.include(page.text(), token)
    const later = await client.get('/profile/tokens').loginAs(user)
    assert.notInclude(later.text(), token)

    const me = await client.get('/api/v1/me').bearerToken(token)
    me.assertStatus(200)
    me.assertBodyContains({
      data: { user: { email: user.email }, organization: { slug: 'acme' }, role: 'manager' },
    })

    const [{ id }] = await db.from('auth_access_tokens').where('tokenable_id', user.id)
    await client.post(`/profile/tokens/${id}/revoke`).loginAs(user).withCsrfToken()
    const revoked = await client.get('/api/v1/me').bearerToken(token)
    revoked.assertStatus(401)
  })

  test("another person's token cannot be revoked (404)", async ({ client }) => {
    const organization = await createOrganization()
    const { user: owner } = await createMember(organization, 'agent')
    const { user: other } = await createMember(organization, 'agent')
    const { id } = await CreateAccessToken.handle(Actor.system(), {
      user: owner,
      organization,
      name: 'mine',
    })
    const response = await client
      .post(`/profile/tokens/${id}/revoke`)
      .loginAs(other)
      .withCsrfToken()
    response.assertStatus(404)
  })

  test('the API answers 401 without, with a bad, or with a stale token', async ({
    client,
    assert,
  }) => {
    const none = await client.get('/api/v1/me')
    none.assertStatus(401)
    none.assertBody({ errors: [{ message: 'Authentication required.' }] })

    const bad = await client.get('/api/v1/me').bearerToken('atum_not-a-real-token')
    bad.assertStatus(401)

    const organization = await createOrganization()
    const { user, membership } = await createMember(organization, 'agent')
    await createMember(organization, 'admin')
    const { value } = await CreateAccessToken.handle(Actor.system(), {
      user,
      organization,
      name: 'x',
    })
    await DisableMembership.handle(Actor.system(organization), { membership })
    const stale = await client.get('/api/v1/me').bearerToken(value)
    stale.assertStatus(401)
    assert.notProperty(stale.body(), 'data')
  })

  test('bad input to the API answers 422 with field errors and changes nothing', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const { value } = await CreateAccessToken.handle(Actor.system(), {
      user,
      organization,
      name: 'x',
    })

    const response = await client
      .patch('/api/v1/me')
      .bearerToken(value)
      .json({ full_name: '', locale: 'klingon', time_zone: 'Nowhere/Land' })
    response.assertStatus(422)
    const fields = response.body().errors.map((error: { field: string }) => error.field)
    assert.sameMembers(fields, ['full_name', 'locale', 'time_zone'])
    assert.isTrue(response.body().errors.every((error: { message: string }) => error.message))

    const ok = await client
      .patch('/api/v1/me')
      .bearerToken(value)
      .json({ full_name: 'Grace Hopper', locale: 'en', time_zone: 'America/New_York' })
    ok.assertStatus(200)
    ok.assertBodyContains({ data: { user: { full_name: 'Grace Hopper' } } })
  })
})
