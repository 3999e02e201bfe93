import { test } from '@japa/runner'
import Organization from '#models/organization'
import { isolateEachTest } from '#tests/helpers/isolation'

test.group('Core pages', (group) => {
  isolateEachTest(group)

  test('the portal front page renders with the ATUM layout', async ({ client, assert }) => {
    const response = await client.get('/')
    response.assertStatus(200)
    assert.include(response.text(), 'How can we help?')
    assert.include(response.text(), '/favicon.svg')
    assert.match(response.text(), /<meta name="csrf-token" content="[^"]+">/)
  })

  test('the desk dashboard shows the health of its services', async ({ client, assert }) => {
    const response = await client.get('/desk')
    response.assertStatus(200)
    assert.include(response.text(), 'PostgreSQL')
    assert.include(response.text(), 'Redis')
    assert.include(response.text(), 'No organization selected')
  })

  test('the plugins page needs an organization', async ({ client }) => {
    const response = await client.get('/desk/plugins').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/desk')
  })

  test('the plugins page lists the organization state', async ({ client, assert }) => {
    const organization = await Organization.create({ name: 'Acme', slug: 'acme' })
    const response = await client
      .get('/desk/plugins')
      .withSession({ organizationId: organization.id })
    response.assertStatus(200)
    assert.include(response.text(), 'Organization: <strong class="text-fg">Acme</strong>')
  })

  test('switching an unknown plugin answers 404', async ({ client }) => {
    const organization = await Organization.create({ name: 'Acme', slug: 'acme' })
    const response = await client
      .post('/desk/plugins/not_installed/enabled')
      .withSession({ organizationId: organization.id })
      .withCsrfToken()
      .form({ enabled: 'true' })
    response.assertStatus(404)
  })
})
