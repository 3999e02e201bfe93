import { test } from '@japa/runner'
import OrganizationPlugin from '#models/organization_plugin'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'

test.group('Error responses', (group) => {
  isolateEachTest(group)

  test('an unknown page renders the friendly 404 page', async ({ client, assert }) => {
    const response = await client.get('/no/such/page').header('Accept', 'text/html')
    response.assertStatus(404)
    assert.include(response.text(), 'Page not found')
    assert.notInclude(response.text(), 'E_ROUTE_NOT_FOUND')
    assert.notInclude(response.text(), '/work/')
  })

  test('an unknown API address answers JSON', async ({ client }) => {
    const response = await client.get('/api/v1/nothing-here')
    response.assertStatus(404)
    response.assertBody({ errors: [{ message: 'Not found.' }] })
  })

  test('every response carries a request id', async ({ client, assert }) => {
    const response = await client.get('/health/live')
    assert.match(response.header('x-request-id') ?? '', /\w{10,}/)
  })

  test('pages send the security headers of shield', async ({ client, assert }) => {
    const response = await client.get('/')
    response.assertStatus(200)
    assert.equal(response.header('x-frame-options'), 'DENY')
    assert.equal(response.header('x-content-type-options'), 'nosniff')
    const csp = response.header('content-security-policy')
    assert.include(csp, "default-src 'self'")
    assert.notInclude(csp, 'unsafe-eval')
  })

  test('a form posted without its CSRF token is refused and changes nothing', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'admin')
    const page = await client
      .post('/desk/plugins/fixture/enabled')
      .loginAs(user)
      .header('referer', '/desk/plugins')
      .form({ enabled: 'false' })
      .redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/desk/plugins')
    page.assertFlashMessage('errorsBag', { E_BAD_CSRF_TOKEN: 'Invalid or expired CSRF token' })

    assert.lengthOf(await OrganizationPlugin.all(), 0)
  })
})
