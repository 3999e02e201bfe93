import { test } from '@japa/runner'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'

test.group('Core pages', (group) => {
  isolateEachTest(group)

  test('the portal front page renders with the ATUM layout', async ({ client, assert }) => {
    const response = await client.get('/')
    response.assertStatus(200)
    assert.include(response.text(), 'How can we help?')
    assert.include(response.text(), '/favicon.svg')
    assert.include(response.text(), 'Sign in')
    assert.match(response.text(), /<meta name="csrf-token" content="[^"]+">/)
  })

  test('the desk dashboard shows the health of its services to staff', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization({ name: 'Acme' })
    const { user } = await createMember(organization, 'agent')
    const response = await client.get('/desk').loginAs(user)
    response.assertStatus(200)
    assert.include(response.text(), 'PostgreSQL')
    assert.include(response.text(), 'Redis')
    assert.include(response.text(), 'Organization: <strong class="text-fg">Acme</strong>')
  })

  test('the plugins page is for admins', async ({ client, assert }) => {
    const organization = await createOrganization({ name: 'Acme' })
    const { user: admin } = await createMember(organization, 'admin')
    const { user: manager } = await createMember(organization, 'manager')

    const page = await client.get('/desk/plugins').loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'Switch the enhancements of this desk on or off for Acme')

    const refused = await client.get('/desk/plugins').loginAs(manager)
    refused.assertStatus(403)
    assert.include(refused.text(), 'Not allowed')
  })

  test('switching an unknown plugin answers 404', async ({ client }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'admin')
    const response = await client
      .post('/desk/plugins/not_installed/enabled')
      .loginAs(user)
      .withCsrfToken()
      .form({ enabled: 'true' })
    response.assertStatus(404)
  })
})
