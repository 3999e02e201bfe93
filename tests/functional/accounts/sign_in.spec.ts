import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import AuthEvent from '#models/auth_event'
import Membership from '#models/membership'
import { isolateEachTest } from '#tests/helpers/isolation'
import { PASSWORD, createMember, createOrganization, createUser } from '#tests/helpers/factories'

test.group('Signing in and out', (group) => {
  isolateEachTest(group)

  test('staff land in the desk, customers in the portal', async ({ client }) => {
    const organization = await createOrganization()
    const { user: agent } = await createMember(organization, 'agent')
    const { user: customer } = await createMember(organization, 'customer')

    const staff = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: agent.email, password: PASSWORD })
      .redirects(0)
    staff.assertStatus(302)
    staff.assertHeader('location', '/desk')

    const portal = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: customer.email, password: PASSWORD })
      .redirects(0)
    portal.assertHeader('location', '/')
  })

  test('the email matches whatever its case', async ({ client }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent', { email: 'mixed@example.test' })
    const response = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: '  MiXeD@Example.TEST ', password: PASSWORD })
      .redirects(0)
    response.assertHeader('location', '/desk')
    await user.refresh()
  })

  test('a wrong password brings the form back filled in, with a clear message', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const response = await client
      .post('/login')
      .withCsrfToken()
      .header('referer', '/login')
      .form({ email: user.email, password: 'not the password' })
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('inputErrorsBag', {
      email: ['The email or password is not correct.'],
    })
    response.assertFlashMessage('email', user.email)
    assert.notProperty(response.flashMessages(), 'password')

    const failures = await AuthEvent.query().where('event', 'sign_in_failed')
    assert.lengthOf(failures, 1)
    assert.equal(failures[0].userId, user.id)
  })

  test('an unknown account gets the same message as a wrong password', async ({ client }) => {
    const response = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: 'nobody@example.test', password: 'whatever-it-is' })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      email: ['The email or password is not correct.'],
    })
  })

  test('bad input is refused by the validator and the email is kept', async ({ client }) => {
    const response = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: 'not-an-email', password: '' })
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('email', 'not-an-email')
  })

  test('a disabled account cannot sign in', async ({ client }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent', { disabledAt: DateTime.now() })
    const response = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: user.email, password: PASSWORD })
      .redirects(0)
    response.assertFlashMessage('inputErrorsBag', {
      email: ['This account is disabled. Ask your administrator.'],
    })
  })

  test('"remember me" sets a long-lived cookie', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const response = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: user.email, password: PASSWORD, remember: 'true' })
      .redirects(0)
    const cookie = response.cookie('remember_web')
    assert.isAtLeast(Number(cookie?.maxAge), 29 * 24 * 3600)
    assert.isNotEmpty(cookie?.value)

    const plain = await client
      .post('/login')
      .withCsrfToken()
      .form({ email: user.email, password: PASSWORD })
      .redirects(0)
    const none = plain.cookie('remember_web')
    assert.isTrue(!none?.value || Number(none.maxAge) <= 0, 'no lasting cookie without the box')
  })

  test('a sign-in returns to the page first asked for', async ({ client }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'admin')
    const first = await client.get('/desk/members').redirects(0)
    first.assertHeader('location', '/login')

    const response = await client
      .post('/login')
      .withCsrfToken()
      .withSession({ intendedUrl: '/desk/members' })
      .form({ email: user.email, password: PASSWORD })
      .redirects(0)
    response.assertHeader('location', '/desk/members')
  })

  test('signing out ends the session and is recorded', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const response = await client.post('/logout').loginAs(user).withCsrfToken().redirects(0)
    response.assertHeader('location', '/login')
    assert.exists(await AuthEvent.findBy({ event: 'sign_out', userId: user.id }))
  })

  test('a successful sign-in is recorded with address and browser', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    await client
      .post('/login')
      .withCsrfToken()
      .header('user-agent', 'AtumTest/1.0')
      .form({ email: user.email, password: PASSWORD })
      .redirects(0)
    const event = await AuthEvent.findByOrFail({ event: 'sign_in', userId: user.id })
    assert.equal(event.organizationId, organization.id)
    assert.equal(event.userAgent, 'AtumTest/1.0')
    assert.equal(event.ip, '127.0.0.1')
  })
})

test.group('Who may enter the desk', (group) => {
  isolateEachTest(group)

  test('visitors are sent to sign in', async ({ client }) => {
    const response = await client.get('/desk').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('customers get a clear page, not a crash', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'customer')
    const response = await client.get('/desk').loginAs(user)
    response.assertStatus(403)
    assert.include(response.text(), 'The desk is for staff')
  })

  test('people without an organization get a clear page', async ({ client, assert }) => {
    const user = await createUser()
    const response = await client.get('/desk').loginAs(user)
    response.assertStatus(403)
    assert.include(response.text(), 'No organization yet')
  })

  test('a signed-in person visiting the sign-in page goes home', async ({ client }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'manager')
    const response = await client.get('/login').loginAs(user).redirects(0)
    response.assertHeader('location', '/desk')
  })

  test('a session from before a password change ends', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    user.sessionVersion = 2
    await user.save()

    const stale = await client
      .get('/desk')
      .loginAs(user)
      .withSession({ sessionVersion: 1 })
      .redirects(0)
    stale.assertHeader('location', '/login')

    const current = await client.get('/desk').loginAs(user).withSession({ sessionVersion: 2 })
    current.assertStatus(200)
    assert.include(current.text(), 'Dashboard')
  })

  test('staff of several organizations switch between them', async ({ client, assert }) => {
    const acme = await createOrganization({ name: 'Acme' })
    const globex = await createOrganization({ name: 'Globex' })
    const { user } = await createMember(acme, 'agent')
    await Membership.create({ userId: user.id, organizationId: globex.id, role: 'manager' })

    const desk = await client.get('/desk').loginAs(user)
    assert.include(desk.text(), 'id="organization-switch"')

    const switched = await client
      .post('/desk/organization')
      .loginAs(user)
      .withCsrfToken()
      .form({ organization_id: globex.id })
      .redirects(0)
    switched.assertSession('organizationId', globex.id)

    const other = await createOrganization()
    const refused = await client
      .post('/desk/organization')
      .loginAs(user)
      .withCsrfToken()
      .form({ organization_id: other.id })
    refused.assertStatus(404)
  })
})
