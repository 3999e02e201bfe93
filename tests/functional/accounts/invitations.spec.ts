import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Membership from '#models/membership'
import Invitation from '#models/invitation'
import User from '#models/user'
import { isolateEachTest } from '#tests/helpers/isolation'
import { inputErrors } from '#tests/helpers/responses'
import { mailbox } from '#tests/helpers/mailbox'
import { PASSWORD, createMember, createOrganization } from '#tests/helpers/factories'

test.group('Invitations', (group) => {
  isolateEachTest(group)
  group.each.setup(() => mailbox.clear())

  test('an admin invites a new person, who sets a password and is signed in', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization({ name: 'Acme' })
    const { user: admin } = await createMember(organization, 'admin')

    const sent = await client
      .post('/desk/members/invitations')
      .loginAs(admin)
      .withCsrfToken()
      .form({ email: 'New.Agent@Example.test', role: 'agent' })
      .redirects(0)
    sent.assertHeader('location', '/desk/members')
    sent.assertFlashMessage('success', 'An invitation is on its way to New.Agent@Example.test.')

    const [mail] = mailbox.to('new.agent@example.test')
    assert.equal(mail.subject, 'You are invited to Acme on ATUM DESK')
    const link = mailbox.link(mail, '/invitations/')!

    const page = await client.get(link)
    page.assertStatus(200)
    assert.include(page.text(), 'Join Acme')
    assert.include(page.text(), 'Choose a password')

    const accepted = await client
      .post(link)
      .withCsrfToken()
      .form({ full_name: 'Nadia Agent', password: 'a long enough password' })
      .redirects(0)
    accepted.assertHeader('location', '/desk')

    const user = await User.findByEmail('new.agent@example.test')
    assert.equal(user!.fullName, 'Nadia Agent')
    const membership = await Membership.findByOrFail({ userId: user!.id })
    assert.equal(membership.role, 'agent')
    assert.equal(membership.organizationId, organization.id)

    const reused = await client.get(link)
    reused.assertStatus(410)
  })

  test('a person with an account confirms with their password', async ({ client, assert }) => {
    const acme = await createOrganization({ name: 'Acme' })
    const globex = await createOrganization({ name: 'Globex' })
    const { user: admin } = await createMember(globex, 'admin')
    const { user: agent } = await createMember(acme, 'agent')

    await client
      .post('/desk/members/invitations')
      .loginAs(admin)
      .withCsrfToken()
      .form({ email: agent.email, role: 'manager' })
    const link = mailbox.link(mailbox.to(agent.email)[0], '/invitations/')!
    const page = await client.get(link)
    assert.include(page.text(), 'You already have an account')

    const wrong = await client
      .post(link)
      .withCsrfToken()
      .form({ password: 'not my password' })
      .redirects(0)
    wrong.assertFlashMessage('inputErrorsBag', {
      password: ['The password is not correct for this account.'],
    })

    await client.post(link).withCsrfToken().form({ password: PASSWORD }).redirects(0)
    const memberships = await Membership.query().where('user_id', agent.id).orderBy('id')
    assert.deepEqual(
      memberships.map((membership) => [membership.organizationId, membership.role]),
      [
        [acme.id, 'agent'],
        [globex.id, 'manager'],
      ]
    )
  })

  test('a customer of another organization cannot be invited in', async ({ client, assert }) => {
    const acme = await createOrganization()
    const globex = await createOrganization()
    const { user: admin } = await createMember(globex, 'admin')
    const { user: customer } = await createMember(acme, 'customer')
    await client
      .post('/desk/members/invitations')
      .loginAs(admin)
      .withCsrfToken()
      .form({ email: customer.email, role: 'customer' })
    const link = mailbox.link(mailbox.to(customer.email)[0], '/invitations/')!
    const response = await client
      .post(link)
      .withCsrfToken()
      .form({ password: PASSWORD })
      .redirects(0)
    assert.match(inputErrors(response).email[0], /belongs to another organization/)
    assert.lengthOf(await Membership.query().where('user_id', customer.id), 1)
  })

  test('expired invitations and existing members are refused', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    const { user: agent } = await createMember(organization, 'agent')

    const duplicate = await client
      .post('/desk/members/invitations')
      .loginAs(admin)
      .withCsrfToken()
      .form({ email: agent.email, role: 'manager' })
      .redirects(0)
    assert.match(inputErrors(duplicate).email[0], /already a member/)

    await client
      .post('/desk/members/invitations')
      .loginAs(admin)
      .withCsrfToken()
      .form({ email: 'late@example.test', role: 'agent' })
    await Invitation.query().update({ expires_at: DateTime.now().minus({ days: 1 }).toSQL() })
    const link = mailbox.link(mailbox.to('late@example.test')[0], '/invitations/')!
    const page = await client.get(link)
    page.assertStatus(410)
  })

  test('only admins invite; bad input comes back with errors', async ({ client }) => {
    const organization = await createOrganization()
    const { user: admin } = await createMember(organization, 'admin')
    const { user: manager } = await createMember(organization, 'manager')

    const refused = await client
      .post('/desk/members/invitations')
      .loginAs(manager)
      .withCsrfToken()
      .form({ email: 'x@example.test', role: 'agent' })
    refused.assertStatus(403)

    const invalid = await client
      .post('/desk/members/invitations')
      .loginAs(admin)
      .withCsrfToken()
      .form({ email: 'not-an-email', role: 'overlord' })
      .redirects(0)
    invalid.assertFlashMessage('email', 'not-an-email')
    invalid.assertFlashMessage('role', 'overlord')
  })
})
