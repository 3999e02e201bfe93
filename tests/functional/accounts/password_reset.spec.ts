import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import PasswordResetToken from '#models/password_reset_token'
import AuthEvent from '#models/auth_event'
import { isolateEachTest } from '#tests/helpers/isolation'
import { mailbox } from '#tests/helpers/mailbox'
import { createMember, createOrganization } from '#tests/helpers/factories'

const NEW_PASSWORD = 'a brand new passphrase'

test.group('Password reset', (group) => {
  isolateEachTest(group)
  group.each.setup(() => mailbox.clear())

  test('a mailed single-use link sets a new password and ends every session', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')

    const asked = await client
      .post('/forgot-password')
      .withCsrfToken()
      .form({ email: user.email.toUpperCase() })
      .redirects(0)
    asked.assertFlashMessage(
      'success',
      'If an account uses this address, a link to choose a new password is on its way.'
    )

    const [mail] = mailbox.to(user.email)
    assert.equal(mail.subject, 'Reset your ATUM DESK password')
    const link = mailbox.link(mail, '/reset-password/')!
    assert.match(link, /^\/reset-password\/[\w-]{40,}$/)
    assert.include(mail.html || '', link)

    const form = await client.get(link)
    form.assertStatus(200)
    assert.include(form.text(), 'Choose a new password')

    const mismatch = await client
      .post(link)
      .withCsrfToken()
      .header('referer', link)
      .form({ password: NEW_PASSWORD, password_confirmation: 'something else entirely' })
      .redirects(0)
    mismatch.assertHeader('location', link)

    const done = await client
      .post(link)
      .withCsrfToken()
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .redirects(0)
    done.assertHeader('location', '/login')

    const updated = await User.findOrFail(user.id)
    assert.isTrue(await hash.verify(updated.password!, NEW_PASSWORD))
    assert.equal(updated.sessionVersion, user.sessionVersion + 1)
    assert.exists(await AuthEvent.findBy({ event: 'password_reset', userId: user.id }))

    // The link works once.
    const again = await client.get(link)
    again.assertStatus(410)
    assert.include(again.text(), 'This link has expired or was already used.')
    const reuse = await client
      .post(link)
      .withCsrfToken()
      .form({ password: 'yet another passphrase', password_confirmation: 'yet another passphrase' })
      .redirects(0)
    reuse.assertFlashMessage(
      'error',
      'This reset link has expired or was already used. Ask for a new one.'
    )
  })

  test('an expired link is refused', async ({ client, assert }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent')
    await client.post('/forgot-password').withCsrfToken().form({ email: user.email })
    const link = mailbox.link(mailbox.to(user.email)[0], '/reset-password/')!
    await PasswordResetToken.query()
      .where('user_id', user.id)
      .update({ expires_at: DateTime.now().minus({ minutes: 1 }).toSQL() })

    const form = await client.get(link)
    form.assertStatus(410)
    const post = await client
      .post(link)
      .withCsrfToken()
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .redirects(0)
    post.assertStatus(302)
    const unchanged = await User.findOrFail(user.id)
    assert.isFalse(await hash.verify(unchanged.password!, NEW_PASSWORD))
  })

  test('an unknown or disabled address gets the same answer and no mail', async ({
    client,
    assert,
  }) => {
    const organization = await createOrganization()
    const { user } = await createMember(organization, 'agent', { disabledAt: DateTime.now() })
    for (const email of ['nobody@example.test', user.email]) {
      const response = await client
        .post('/forgot-password')
        .withCsrfToken()
        .form({ email })
        .redirects(0)
      response.assertFlashMessage(
        'success',
        'If an account uses this address, a link to choose a new password is on its way.'
      )
    }
    assert.lengthOf(mailbox.all(), 0)
  })
})
