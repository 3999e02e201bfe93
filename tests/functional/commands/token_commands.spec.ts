import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import AuthEvent from '#models/auth_event'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization, createUser } from '#tests/helpers/factories'
import { runCommand } from '#tests/helpers/ace_commands'

test.group('atum:token:create', (group) => {
  isolateEachTest(group)

  test('prints the token once, alone on stdout, with how to use it', async ({ assert }) => {
    const acme = await createOrganization({ name: 'Acme', slug: 'acme' })
    const { user } = await createMember(acme, 'agent', { email: 'ada@acme.test' })

    const { command, stdout, stderr, output } = await runCommand('atum:token:create', [
      'ada@acme.test',
      '--org=acme',
      '--name=CI pipeline',
    ])
    command.assertSucceeded()

    assert.lengthOf(stdout, 1)
    const [token] = stdout
    assert.match(token, /^atum_\S{20,}$/)
    assert.equal(output.split(token).length, 2, 'the token is printed exactly once')

    const row = await db.from('auth_access_tokens').where('tokenable_id', user.id).firstOrFail()
    assert.equal(row.name, 'CI pipeline')
    assert.equal(row.organization_id, acme.id)
    assert.deepEqual(stderr, [
      `[ green(success) ] Created the API token "CI pipeline" (id ${row.id}) of ada@acme.test for Acme. It is shown only once:`,
      '[ blue(info) ] Use it as: Authorization: Bearer <token>',
    ])
    const event = await AuthEvent.findByOrFail({ event: 'token_created', userId: user.id })
    assert.equal(event.organizationId, acme.id)
  })

  test('the token authenticates GET /api/v1/me as the member of that organization', async ({
    client,
  }) => {
    const acme = await createOrganization({ name: 'Acme', slug: 'acme' })
    const globex = await createOrganization({ name: 'Globex', slug: 'globex' })
    const { user } = await createMember(acme, 'agent', {
      email: 'ada@acme.test',
      fullName: 'Ada Lovelace',
    })
    await db.table('memberships').insert({
      user_id: user.id,
      organization_id: globex.id,
      role: 'manager',
      created_at: new Date(),
      updated_at: new Date(),
    })

    const { command, stdout } = await runCommand('atum:token:create', [
      'ada@acme.test',
      '--org=globex',
      '--name=Reporting',
    ])
    command.assertSucceeded()
    const [token] = stdout

    const response = await client.get('/api/v1/me').bearerToken(token)
    response.assertStatus(200)
    response.assertBodyContains({
      data: {
        user: { id: user.id, email: 'ada@acme.test', full_name: 'Ada Lovelace' },
        organization: { id: globex.id, name: 'Globex', slug: 'globex' },
        role: 'manager',
      },
    })
  })

  test('GET /api/v1/me without a token or with a bad one answers 401 in JSON', async ({
    client,
    assert,
  }) => {
    const acme = await createOrganization({ slug: 'acme' })
    await createMember(acme, 'agent', { email: 'ada@acme.test' })
    const { stdout } = await runCommand('atum:token:create', [
      'ada@acme.test',
      '--org=acme',
      '--name=CI',
    ])
    const [token] = stdout

    for (const request of [
      client.get('/api/v1/me'),
      client.get('/api/v1/me').bearerToken('atum_not-a-real-token'),
      client.get('/api/v1/me').bearerToken(`${token.slice(0, -2)}xx`),
      client.get('/api/v1/me').header('Authorization', token),
    ]) {
      const response = await request
      response.assertStatus(401)
      const body = response.body()
      assert.deepEqual(Object.keys(body), ['errors'])
      assert.lengthOf(body.errors, 1)
      assert.deepEqual(Object.keys(body.errors[0]), ['message'])
      assert.isNotEmpty(body.errors[0].message)
    }
  })

  test('refuses without --org and --name, or with a name over 80 characters', async ({
    assert,
  }) => {
    const acme = await createOrganization({ slug: 'acme' })
    const { user } = await createMember(acme, 'agent', { email: 'ada@acme.test' })

    const missing = await runCommand('atum:token:create', ['ada@acme.test'])
    missing.command.assertFailed()
    assert.deepEqual(missing.stderr, ['[ red(error) ] Missing required flags --org, --name'])

    const noName = await runCommand('atum:token:create', ['ada@acme.test', '--org=acme'])
    noName.command.assertFailed()
    assert.deepEqual(noName.stderr, ['[ red(error) ] Missing required flag --name'])

    const tooLong = await runCommand('atum:token:create', [
      'ada@acme.test',
      '--org=acme',
      `--name=${'x'.repeat(81)}`,
    ])
    tooLong.command.assertFailed()
    assert.deepEqual(tooLong.stderr, [
      '[ red(error) ] The name field must not be greater than 80 characters',
    ])
    assert.lengthOf(await db.from('auth_access_tokens').where('tokenable_id', user.id), 0)
  })

  test('refuses an unknown email or organization', async ({ assert }) => {
    const acme = await createOrganization({ slug: 'acme' })
    await createMember(acme, 'agent', { email: 'ada@acme.test' })

    const unknownUser = await runCommand('atum:token:create', [
      'nobody@acme.test',
      '--org=acme',
      '--name=CI',
    ])
    unknownUser.command.assertFailed()
    unknownUser.command.assertExitCode(1)
    assert.deepEqual(unknownUser.stderr, [
      '[ red(error) ] No account has the email nobody@acme.test',
    ])

    const unknownOrg = await runCommand('atum:token:create', [
      'ada@acme.test',
      '--org=nowhere',
      '--name=CI',
    ])
    unknownOrg.command.assertFailed()
    assert.deepEqual(unknownOrg.stderr, [
      '[ red(error) ] No organization has the slug "nowhere" (see atum:org:list)',
    ])
    assert.lengthOf(await db.from('auth_access_tokens'), 0)
  })

  test('refuses a person who is not an active member of the organization', async ({ assert }) => {
    const acme = await createOrganization({ name: 'Acme', slug: 'acme' })
    await createOrganization({ name: 'Globex', slug: 'globex' })
    await createMember(acme, 'agent', { email: 'ada@acme.test' })
    const { membership } = await createMember(acme, 'agent', { email: 'left@acme.test' })
    membership.disabledAt = DateTime.now()
    await membership.save()
    await createMember(acme, 'agent', { email: 'off@acme.test', disabledAt: DateTime.now() })
    await createUser({ email: 'alone@acme.test' })

    const cases = [
      ['ada@acme.test', 'globex', 'ada@acme.test is not an active member of Globex.'],
      ['left@acme.test', 'acme', 'left@acme.test is not an active member of Acme.'],
      ['off@acme.test', 'acme', 'off@acme.test is not an active member of Acme.'],
      ['alone@acme.test', 'acme', 'alone@acme.test is not an active member of Acme.'],
    ]
    for (const [email, org, message] of cases) {
      const { command, stderr, stdout } = await runCommand('atum:token:create', [
        email,
        `--org=${org}`,
        '--name=CI',
      ])
      command.assertFailed()
      assert.deepEqual(stderr, [`[ red(error) ] ${message}`])
      assert.deepEqual(stdout, [])
    }
    assert.lengthOf(await db.from('auth_access_tokens'), 0)
  })
})
