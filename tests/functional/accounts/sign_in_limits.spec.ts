import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import AuthEvent from '#models/auth_event'
import { isolateEachTest } from '#tests/helpers/isolation'
import { inputErrors } from '#tests/helpers/responses'
import { PASSWORD, createMember, createOrganization } from '#tests/helpers/factories'

/**
 * The app trusts X-Forwarded-For from loopback (nginx on the same host),
 * which lets the test play visitors at different addresses.
 */
function signInFrom(client: ApiClient, address: string, email: string, password: string) {
  return client
    .post('/login')
    .withCsrfToken()
    .header('x-forwarded-for', address)
    .form({ email, password })
    .redirects(0)
}

test.group('Sign-in protection', (group) => {
  isolateEachTest(group)

  test('ten wrong passwords block that account from that address only', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const attacker = '203.0.113.7'

    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await signInFrom(client, attacker, user.email, `wrong-${attempt}`)
      response.assertFlashMessage('inputErrorsBag', {
        email: ['The email or password is not correct.'],
      })
    }

    // Even the right password is refused from that address…
    const blocked = await signInFrom(client, attacker, user.email, PASSWORD)
    blocked.assertStatus(302)
    const [message] = inputErrors(blocked).email
    assert.match(message, /^Too many failed sign-ins\. Try again in (1[0-5]|[1-9]) minutes?\.$/)
    assert.notEqual(blocked.header('location'), '/desk')

    // …while the owner signs in from elsewhere.
    const owner = await signInFrom(client, '198.51.100.20', user.email, PASSWORD)
    owner.assertHeader('location', '/desk')

    const blockedEvents = await AuthEvent.query().where('event', 'sign_in_blocked')
    assert.isAtLeast(blockedEvents.length, 1)
  })

  test('a successful sign-in clears the failures of that address', async ({ client }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const address = '203.0.113.8'
    for (let attempt = 1; attempt <= 9; attempt++) {
      await signInFrom(client, address, user.email, 'wrong-password')
    }
    const ok = await signInFrom(client, address, user.email, PASSWORD)
    ok.assertHeader('location', '/desk')
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInFrom(client, address, user.email, 'wrong-password')
    }
    const again = await signInFrom(client, address, user.email, PASSWORD)
    again.assertHeader('location', '/desk')
  })

  test('one address trying many accounts is stopped', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    const sprayer = '203.0.113.9'
    for (let attempt = 1; attempt <= 50; attempt++) {
      await signInFrom(client, sprayer, `guess-${attempt}@example.test`, 'Password123!')
    }
    const refused = await signInFrom(client, sprayer, user.email, PASSWORD)
    assert.match(inputErrors(refused).email[0], /^Too many failed sign-ins/)
  }).timeout(60_000)
})
