import { test } from '@japa/runner'
import Membership from '#models/membership'
import AuthEvent from '#models/auth_event'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'

test.group('Members administration', (group) => {
  isolateEachTest(group)

  test('admins see the members of their organization only', async ({ client, assert }) => {
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { user: admin } = await createMember(acme, 'admin')
    const { user: agent } = await createMember(acme, 'agent')
    const { user: stranger } = await createMember(globex, 'agent')

    const page = await client.get('/desk/members').loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), agent.email)
    assert.notInclude(page.text(), stranger.email)
  })

  test('managers, agents and customers may not manage members', async ({ client }) => {
    const organization = await createOrganization()
    for (const role of ['manager', 'agent'] as const) {
      const { user } = await createMember(organization, role)
      const page = await client.get('/desk/members').loginAs(user)
      page.assertStatus(403)
    }
    const { user: customer } = await createMember(organization, 'customer')
    const page = await client.get('/desk/members').loginAs(customer)
    page.assertStatus(403)
  })

  test('an admin changes a role; it is recorded', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    const { user: agent, membership } = await createMember(organization, 'agent')

    const response = await client
      .post(`/desk/members/${membership.id}/role`)
      .loginAs(admin)
      .withCsrfToken()
      .form({ role: 'manager' })
      .redirects(0)
    response.assertHeader('location', '/desk/members')
    await membership.refresh()
    assert.equal(membership.role, 'manager')

    const event = await AuthEvent.findByOrFail({ event: 'role_changed', userId: agent.id })
    assert.deepEqual(event.meta, { from: 'agent', to: 'manager' })
    assert.equal(event.actorId, admin.id)
  })

  test('the last admin keeps the role, and admins cannot demote themselves', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user: admin, membership } = await createMember(organization, 'admin')
    const self = await client
      .post(`/desk/members/${membership.id}/role`)
      .loginAs(admin)
      .withCsrfToken()
      .form({ role: 'agent' })
    self.assertStatus(403)

    const { membership: other } = await createMember(organization, 'admin')
    const { default: ChangeRole } = await import('#actions/memberships/change_role')
    const { default: Actor } = await import('#actions/actor')
    const actor = Actor.system(organization)
    await ChangeRole.handle(actor, { membership: other, role: 'agent' })
    await assert.rejects(
      () => ChangeRole.handle(actor, { membership, role: 'agent' }),
      /at least one admin/
    )
  })

  test('removing access ends the person’s use of this organization only', async ({
    client,
    assert,
  }) => {
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { user: admin } = await createMember(acme, 'admin')
    const { user: agent, membership } = await createMember(acme, 'agent')
    await Membership.create({ userId: agent.id, organizationId: globex.id, role: 'agent' })

    await client
      .post(`/desk/members/${membership.id}/disable`)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    await membership.refresh()
    assert.isNotNull(membership.disabledAt)

    const desk = await client.get('/desk').loginAs(agent)
    desk.assertStatus(200)
    assert.notInclude(desk.text(), acme.name)
    assert.include(desk.text(), globex.name)
  })

  test('another organization’s member answers 404, never 403', async ({ client }) => {
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { user: admin } = await createMember(acme, 'admin')
    const { membership: stranger } = await createMember(globex, 'agent')
    const response = await client
      .post(`/desk/members/${stranger.id}/role`)
      .loginAs(admin)
      .withCsrfToken()
      .form({ role: 'admin' })
    response.assertStatus(404)
  })

  test('an id that is not a number answers 404, not an error', async ({ client }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    for (const path of ['/desk/members/acme/role', '/desk/members/1e3/disable']) {
      const response = await client
        .post(path)
        .loginAs(admin)
        .withCsrfToken()
        .form({ role: 'agent' })
      response.assertStatus(404)
    }
    const token = await client.post('/profile/tokens/abc/revoke').loginAs(admin).withCsrfToken()
    token.assertStatus(404)
  })
})
