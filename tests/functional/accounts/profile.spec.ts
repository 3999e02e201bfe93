import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import { isolateEachTest } from '#tests/helpers/isolation'
import { inputErrors } from '#tests/helpers/responses'
import { PASSWORD, createMember, createOrganization } from '#tests/helpers/factories'

test.group('Profile', (group) => {
  isolateEachTest(group)

  test('a person updates name, language and time zone', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'customer')
    const page = await client.get('/profile').loginAs(user)
    page.assertStatus(200)
    assert.include(page.text(), user.email)

    const response = await client
      .post('/profile')
      .loginAs(user)
      .withCsrfToken()
      .form({ full_name: 'Ada Lovelace', locale: 'fr', time_zone: 'Europe/Paris' })
      .redirects(0)
    response.assertHeader('location', '/profile')
    const saved = await User.findOrFail(user.id)
    assert.deepInclude(saved.serialize(), {
      fullName: 'Ada Lovelace',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    })
  })

  test('bad input comes back filled in and changes nothing', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const response = await client
      .post('/profile')
      .loginAs(user)
      .withCsrfToken()
      .header('referer', '/profile')
      .form({ full_name: 'Ada', locale: 'xx', time_zone: 'Mars/Olympus' })
      .redirects(0)
    response.assertHeader('location', '/profile')
    response.assertFlashMessage('full_name', 'Ada')
    const errors = inputErrors(response)
    assert.properties(errors, ['locale', 'time_zone'])
    assert.match(errors.time_zone[0], /time zone such as Europe\/Berlin/)
    const unchanged = await User.findOrFail(user.id)
    assert.equal(unchanged.fullName, user.fullName)
  })

  test('changing the password needs the current one and ends other sessions', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')

    const wrong = await client
      .post('/profile/password')
      .loginAs(user)
      .withCsrfToken()
      .form({
        current_password: 'not it at all',
        password: 'the next passphrase',
        password_confirmation: 'the next passphrase',
      })
      .redirects(0)
    wrong.assertFlashMessage('inputErrorsBag', {
      current_password: ['The current password is not correct.'],
    })

    const changed = await client
      .post('/profile/password')
      .loginAs(user)
      .withSession({ sessionVersion: 1 })
      .withCsrfToken()
      .form({
        current_password: PASSWORD,
        password: 'the next passphrase',
        password_confirmation: 'the next passphrase',
      })
      .redirects(0)
    changed.assertSession('sessionVersion', 2)
    const saved = await User.findOrFail(user.id)
    assert.isTrue(await hash.verify(saved.password!, 'the next passphrase'))

    // Another browser still on version 1 is signed out at its next request.
    const other = await client
      .get('/profile')
      .loginAs(saved)
      .withSession({ sessionVersion: 1 })
      .redirects(0)
    other.assertHeader('location', '/login')
  })
})
