import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import hash from '@adonisjs/core/services/hash'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#models/user'
import Membership from '#models/membership'
import PasswordResetToken from '#models/password_reset_token'
import AuthEvent from '#models/auth_event'
import { appUrl } from '#config/app'
import { hashSecretToken } from '#domain/secret_token'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization, createUser } from '#tests/helpers/factories'
import { runCommand } from '#tests/helpers/ace_commands'

async function membershipsOf(user: User) {
  return Membership.query().where('user_id', user.id).orderBy('id')
}

test.group('atum:user:create', (group) => {
  isolateEachTest(group)

  test('creates the account and membership with the given password', async ({ assert }) => {
    const organization = await createOrganization({ name: 'Acme', slug: 'acme' })
    const { command, stdout } = await runCommand('atum:user:create', [
      'Ada@Acme.test',
      '--name=Ada Lovelace',
      '--org=acme',
      '--role=admin',
      '--password=analytical engine',
    ])
    command.assertSucceeded()

    const user = await User.findByOrFail('email', 'ada@acme.test')
    assert.equal(user.fullName, 'Ada Lovelace')
    assert.isTrue(await hash.verify(user.password!, 'analytical engine'))
    const [membership] = await membershipsOf(user)
    assert.equal(membership.organizationId, organization.id)
    assert.equal(membership.role, 'admin')

    assert.deepEqual(stdout, [
      `[ green(success) ] Created ada@acme.test (Ada Lovelace), admin of Acme: user id ${user.id}`,
    ])
    assert.lengthOf(await PasswordResetToken.query().where('user_id', user.id), 0)
  })

  test('without --password prints a one-time set-password link valid 24 hours', async ({
    assert,
    client,
  }) => {
    await createOrganization({ name: 'Acme', slug: 'acme' })
    const { command, stdout } = await runCommand('atum:user:create', [
      'grace@acme.test',
      '--name',
      'Grace Hopper',
      '--org',
      'acme',
      '--role',
      'agent',
    ])
    command.assertSucceeded()

    const user = await User.findByOrFail('email', 'grace@acme.test')
    assert.isNull(user.password)
    const [membership] = await membershipsOf(user)
    assert.equal(membership.role, 'agent')

    assert.lengthOf(stdout, 3)
    assert.equal(
      stdout[1],
      '[ blue(info) ] One-time link to set the password (valid 24 hours), give it to grace@acme.test:'
    )
    const link = stdout[2]
    const prefix = `${appUrl}/reset-password/`
    assert.isTrue(link.startsWith(prefix), link)
    const token = link.slice(prefix.length)

    const row = await PasswordResetToken.findByOrFail('token_hash', hashSecretToken(token))
    assert.equal(row.userId, user.id)
    assert.isNull(row.usedAt)
    const hoursLeft = row.expiresAt.diff(DateTime.now(), 'hours').hours
    assert.isAbove(hoursLeft, 23.9)
    assert.isAtMost(hoursLeft, 24)

    // The link opens the set-password form.
    const page = await client.get(`/reset-password/${token}`)
    page.assertStatus(200)
  })

  test('refuses without --name, --org and --role', async ({ assert }) => {
    const { command, stderr } = await runCommand('atum:user:create', ['ada@acme.test'])
    command.assertFailed()
    assert.deepEqual(stderr, ['[ red(error) ] Missing required flags --name, --org, --role'])

    const onlyRole = await runCommand('atum:user:create', [
      'ada@acme.test',
      '--name=Ada',
      '--org=acme',
    ])
    onlyRole.command.assertFailed()
    assert.deepEqual(onlyRole.stderr, ['[ red(error) ] Missing required flag --role'])
    assert.isNull(await User.findBy('email', 'ada@acme.test'))
  })

  test('refuses an invalid email, role or password', async ({ assert }) => {
    await createOrganization({ slug: 'acme' })
    const cases = [
      {
        argv: ['not-an-email', '--name=Ada', '--org=acme', '--role=agent'],
        message: 'The email field must be a valid email address',
      },
      {
        argv: ['ada@acme.test', '--name=Ada', '--org=acme', '--role=owner'],
        message: 'The role must be one of customer, agent, manager, admin',
      },
      {
        argv: ['ada@acme.test', '--name=Ada', '--org=acme', '--role=agent', '--password=short'],
        message: 'The password field must have at least 10 characters',
      },
      {
        argv: ['ada@acme.test', '--name=   ', '--org=acme', '--role=agent'],
        message: 'The name field must have at least 1 characters',
      },
    ]
    for (const { argv, message } of cases) {
      const { command, stderr } = await runCommand('atum:user:create', argv)
      command.assertFailed()
      assert.deepEqual(stderr, [`[ red(error) ] ${message}`])
    }
    assert.lengthOf(await User.query().whereIn('email', ['ada@acme.test', 'not-an-email']), 0)
  })

  test('refuses an unknown organization', async ({ assert }) => {
    const { command, stderr } = await runCommand('atum:user:create', [
      'ada@acme.test',
      '--name=Ada',
      '--org=nowhere',
      '--role=agent',
    ])
    command.assertFailed()
    assert.deepEqual(stderr, [
      '[ red(error) ] No organization has the slug "nowhere" (see atum:org:list)',
    ])
    assert.isNull(await User.findBy('email', 'ada@acme.test'))
  })

  test('refuses an email already used, also by a customer of another organization', async ({
    assert,
  }) => {
    const acme = await createOrganization({ slug: 'acme' })
    await createOrganization({ slug: 'globex' })
    const { user } = await createMember(acme, 'customer', { email: 'dana@customer.test' })

    for (const email of ['dana@customer.test', 'DANA@customer.test']) {
      const { command, stderr } = await runCommand('atum:user:create', [
        email,
        '--name=Dana again',
        '--org=globex',
        '--role=customer',
      ])
      command.assertFailed()
      assert.deepEqual(stderr, [
        `[ red(error) ] An account with the email ${email} already exists.`,
      ])
    }
    assert.lengthOf(await membershipsOf(user), 1)
    assert.lengthOf(await User.query().whereRaw('lower(email) = ?', ['dana@customer.test']), 1)
  })
})

test.group('atum:user:role', (group) => {
  isolateEachTest(group)

  test("changes the member's role", async ({ assert }) => {
    const acme = await createOrganization({ name: 'Acme', slug: 'acme' })
    await createMember(acme, 'admin')
    const { user, membership } = await createMember(acme, 'agent', { email: 'ada@acme.test' })

    const { command, stdout } = await runCommand('atum:user:role', [
      'ADA@acme.test',
      '--org=acme',
      '--role=manager',
    ])
    command.assertSucceeded()
    await membership.refresh()
    assert.equal(membership.role, 'manager')
    assert.deepEqual(stdout, [
      '[ green(success) ] ada@acme.test is now manager of Acme (was agent)',
    ])
    const event = await AuthEvent.findByOrFail({ event: 'role_changed', userId: user.id })
    assert.deepEqual(event.meta, { from: 'agent', to: 'manager' })
  })

  test('says so when the member already has the role', async ({ assert }) => {
    const acme = await createOrganization({ name: 'Acme', slug: 'acme' })
    await createMember(acme, 'agent', { email: 'ada@acme.test' })
    const { command, stdout } = await runCommand('atum:user:role', [
      'ada@acme.test',
      '--org=acme',
      '--role=agent',
    ])
    command.assertSucceeded()
    assert.deepEqual(stdout, ['[ blue(info) ] ada@acme.test already is agent of Acme'])
  })

  test('refuses a missing or invalid role and a missing --org', async ({ assert }) => {
    const acme = await createOrganization({ slug: 'acme' })
    const { membership } = await createMember(acme, 'agent', { email: 'ada@acme.test' })

    const missing = await runCommand('atum:user:role', ['ada@acme.test'])
    missing.command.assertFailed()
    assert.deepEqual(missing.stderr, ['[ red(error) ] Missing required flags --org, --role'])

    const invalid = await runCommand('atum:user:role', [
      'ada@acme.test',
      '--org=acme',
      '--role=boss',
    ])
    invalid.command.assertFailed()
    assert.deepEqual(invalid.stderr, [
      '[ red(error) ] The role must be one of customer, agent, manager, admin',
    ])

    await membership.refresh()
    assert.equal(membership.role, 'agent')
  })

  test('refuses an unknown email, an unknown organization and a non-member', async ({ assert }) => {
    await createOrganization({ name: 'Acme', slug: 'acme' })
    const globex = await createOrganization({ slug: 'globex' })
    await createMember(globex, 'agent', { email: 'gus@globex.test' })

    const cases = [
      {
        argv: ['nobody@acme.test', '--org=acme', '--role=agent'],
        message: 'No account has the email nobody@acme.test',
      },
      {
        argv: ['gus@globex.test', '--org=nowhere', '--role=agent'],
        message: 'No organization has the slug "nowhere" (see atum:org:list)',
      },
      {
        argv: ['gus@globex.test', '--org=acme', '--role=agent'],
        message: 'gus@globex.test is not a member of Acme',
      },
    ]
    for (const { argv, message } of cases) {
      const { command, stderr } = await runCommand('atum:user:role', argv)
      command.assertFailed()
      command.assertExitCode(1)
      assert.deepEqual(stderr, [`[ red(error) ] ${message}`])
    }
  })

  test('refuses to demote the last admin', async ({ assert }) => {
    const acme = await createOrganization({ slug: 'acme' })
    const { membership } = await createMember(acme, 'admin', { email: 'ada@acme.test' })

    const { command, stderr } = await runCommand('atum:user:role', [
      'ada@acme.test',
      '--org=acme',
      '--role=agent',
    ])
    command.assertFailed()
    assert.deepEqual(stderr, ['[ red(error) ] An organization needs at least one admin.'])
    await membership.refresh()
    assert.equal(membership.role, 'admin')
  })

  test('refuses to make a customer of someone who serves another organization', async ({
    assert,
  }) => {
    const acme = await createOrganization({ slug: 'acme' })
    const globex = await createOrganization({ slug: 'globex' })
    await createMember(globex, 'admin')
    const { user } = await createMember(acme, 'agent', { email: 'ada@acme.test' })
    await Membership.create({ userId: user.id, organizationId: globex.id, role: 'agent' })

    const { command, stderr } = await runCommand('atum:user:role', [
      'ada@acme.test',
      '--org=globex',
      '--role=customer',
    ])
    command.assertFailed()
    assert.deepEqual(stderr, [
      '[ red(error) ] This person serves other organizations: a customer account belongs to one organization only.',
    ])
    const memberships = await membershipsOf(user)
    assert.deepEqual(
      memberships.map((membership) => membership.role),
      ['agent', 'agent']
    )
  })
})

test.group('atum:user:disable', (group) => {
  isolateEachTest(group)

  test('disables the account and deletes its API tokens', async ({ assert }) => {
    const acme = await createOrganization({ slug: 'acme' })
    const { user } = await createMember(acme, 'agent', { email: 'ada@acme.test' })
    await User.accessTokens.create(user, ['*'], { name: 'CI' })
    const sessionVersion = user.sessionVersion

    const { command, stdout } = await runCommand('atum:user:disable', ['Ada@Acme.test'])
    command.assertSucceeded()
    assert.deepEqual(stdout, [
      '[ green(success) ] Disabled ada@acme.test: signed out everywhere, API tokens deleted',
    ])

    await user.refresh()
    assert.isTrue(user.isDisabled)
    assert.isAbove(user.sessionVersion, sessionVersion)
    assert.lengthOf(await db.from('auth_access_tokens').where('tokenable_id', user.id), 0)
    assert.isNotNull(await AuthEvent.findBy({ event: 'user_disabled', userId: user.id }))
  })

  test('an account already disabled stays as it is', async ({ assert }) => {
    const disabledAt = DateTime.now().minus({ days: 3 }).startOf('second')
    const user = await createUser({ email: 'old@acme.test', disabledAt })

    const { command, stdout } = await runCommand('atum:user:disable', ['old@acme.test'])
    command.assertSucceeded()
    assert.deepEqual(stdout, ['[ blue(info) ] old@acme.test is already disabled'])
    await user.refresh()
    assert.equal(user.disabledAt!.toMillis(), disabledAt.toMillis())
  })

  test('refuses an unknown email', async ({ assert }) => {
    const { command, stderr } = await runCommand('atum:user:disable', ['nobody@acme.test'])
    command.assertFailed()
    command.assertExitCode(1)
    assert.deepEqual(stderr, ['[ red(error) ] No account has the email nobody@acme.test'])
  })

  test('a missing email is refused by ace before the command runs', async ({ assert }) => {
    ace.ui.switchMode('raw')
    await assert.rejects(
      () => ace.exec('atum:user:disable', []),
      'Missing required argument "email"'
    )
  })
})
