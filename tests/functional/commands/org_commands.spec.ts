import { test } from '@japa/runner'
import ace from '@adonisjs/core/services/ace'
import { DateTime } from 'luxon'
import Organization from '#models/organization'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createMember, createOrganization } from '#tests/helpers/factories'
import { runCommand } from '#tests/helpers/ace_commands'

test.group('atum:org:create', (group) => {
  isolateEachTest(group)

  test('creates the organization and prints its id and slug', async ({ assert }) => {
    const { command, stdout } = await runCommand('atum:org:create', [
      'Acme Support',
      '--slug=acme-support',
      '--timezone=Europe/Berlin',
    ])
    command.assertSucceeded()

    const organization = await Organization.findByOrFail('slug', 'acme-support')
    assert.equal(organization.name, 'Acme Support')
    assert.equal(organization.timeZone, 'Europe/Berlin')
    assert.deepEqual(stdout, [
      `[ green(success) ] Created the organization "Acme Support": id ${organization.id}, slug acme-support, time zone Europe/Berlin`,
    ])
  })

  test('the time zone defaults to UTC and the name and slug are trimmed', async ({ assert }) => {
    const { command } = await runCommand('atum:org:create', ['  Globex  ', '--slug', ' globex '])
    command.assertSucceeded()
    const organization = await Organization.findByOrFail('slug', 'globex')
    assert.equal(organization.name, 'Globex')
    assert.equal(organization.timeZone, 'UTC')
  })

  test('refuses without --slug', async ({ assert }) => {
    const { command, stderr } = await runCommand('atum:org:create', ['Acme'])
    command.assertFailed()
    command.assertExitCode(1)
    assert.deepEqual(stderr, [
      '[ red(error) ] Missing required flag --slug (for example --slug=acme)',
    ])
    assert.lengthOf(await Organization.query().where('name', 'Acme'), 0)
  })

  test('refuses a slug that is not lowercase letters, digits and hyphens', async ({ assert }) => {
    for (const slug of ['Acme Corp', 'acme_corp', '-acme', 'a']) {
      const { command, stderr } = await runCommand('atum:org:create', ['Acme', `--slug=${slug}`])
      command.assertFailed()
      assert.lengthOf(stderr, 1)
      assert.match(
        stderr[0],
        slug === 'a'
          ? /The slug field must have at least 2 characters/
          : /The slug may contain only lowercase letters, digits and single hyphens/
      )
    }
    assert.lengthOf(await Organization.query().where('name', 'Acme'), 0)
  })

  test('refuses an unknown time zone', async ({ assert }) => {
    const { command, stderr } = await runCommand('atum:org:create', [
      'Acme',
      '--slug=acme',
      '--timezone=Mars/Olympus_Mons',
    ])
    command.assertFailed()
    assert.deepEqual(stderr, [
      '[ red(error) ] The timezone field must be a time zone such as Europe/Berlin',
    ])
    assert.isNull(await Organization.findBy('slug', 'acme'))
  })

  test('refuses a name that is too short', async ({ assert }) => {
    const { command, stderr } = await runCommand('atum:org:create', ['A', '--slug=acme'])
    command.assertFailed()
    assert.deepEqual(stderr, ['[ red(error) ] The name field must have at least 2 characters'])
  })

  test('refuses a slug already used', async ({ assert }) => {
    await createOrganization({ slug: 'acme', name: 'First Acme' })
    const { command, stderr } = await runCommand('atum:org:create', ['Other Acme', '--slug=acme'])
    command.assertFailed()
    assert.deepEqual(stderr, ['[ red(error) ] The slug "acme" is already used.'])
    assert.lengthOf(await Organization.query().where('slug', 'acme'), 1)
  })

  test('a missing name is refused by ace before the command runs', async ({ assert }) => {
    ace.ui.switchMode('raw')
    await assert.rejects(
      () => ace.exec('atum:org:create', ['--slug=acme']),
      'Missing required argument "name"'
    )
  })
})

test.group('atum:org:list', (group) => {
  isolateEachTest(group)

  test('prints a table with id, name, slug, time zone and active members', async ({ assert }) => {
    const acme = await createOrganization({ name: 'Acme', timeZone: 'Europe/Berlin' })
    const globex = await createOrganization({ name: 'Globex' })
    await createMember(acme, 'admin')
    await createMember(acme, 'agent')
    const { membership: gone } = await createMember(acme, 'customer')
    gone.disabledAt = DateTime.now()
    await gone.save()

    const { command, stdout } = await runCommand('atum:org:list')
    command.assertSucceeded()
    assert.include(stdout, 'Id|Name|Slug|Time zone|Members')
    assert.include(stdout, `${acme.id}|Acme|${acme.slug}|Europe/Berlin|2`)
    assert.include(stdout, `${globex.id}|Globex|${globex.slug}|UTC|0`)
  })

  test('--json prints the same as JSON', async ({ assert }) => {
    const acme = await createOrganization({ name: 'Acme', timeZone: 'Asia/Tokyo' })
    await createMember(acme, 'admin')

    const { command, stdout } = await runCommand('atum:org:list', ['--json'])
    command.assertSucceeded()
    assert.lengthOf(stdout, 1)
    const printed = JSON.parse(stdout[0])
    assert.deepInclude(printed, {
      id: acme.id,
      name: 'Acme',
      slug: acme.slug,
      time_zone: 'Asia/Tokyo',
      member_count: 1,
    })
  })

  test('says how to create one when there is none', async ({ assert }) => {
    // Rolled back with the test's transaction.
    await Organization.query().delete()

    const table = await runCommand('atum:org:list')
    table.command.assertSucceeded()
    assert.deepEqual(table.stdout, [
      '[ blue(info) ] No organizations yet. Create one with atum:org:create <name> --slug=<slug>',
    ])

    const json = await runCommand('atum:org:list', ['--json'])
    assert.deepEqual(JSON.parse(json.stdout[0]), [])
  })
})
