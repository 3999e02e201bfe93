import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import OrganizationPlugin from '#models/organization_plugin'
import { forgetPluginChoicesOf, pluginChoicesOf } from '#services/plugins/plugin_choices'
import { isolateEachTest } from '#tests/helpers/isolation'
import { createOrganization } from '#tests/helpers/factories'

/**
 * Which plugins an organization has on is read from the database once,
 * then from the cache all processes share, until a change is saved. The
 * plugin ids here need no plugin folder: the choices are plain rows.
 */
test.group('Plugin choices cache', (group) => {
  isolateEachTest(group)

  test('a second read comes from the cache, not the database', async ({ assert }) => {
    const organization = await createOrganization()
    await OrganizationPlugin.create({
      organizationId: organization.id,
      pluginId: 'alpha',
      enabled: false,
    })
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: false })

    // Changed behind the model's back: the cache still answers.
    await db
      .from('organization_plugins')
      .where('organization_id', organization.id)
      .update({ enabled: true })
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: false })

    await forgetPluginChoicesOf(organization.id)
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: true })
  })

  test('saving or deleting a choice through the model forgets the cached ones', async ({
    assert,
  }) => {
    const organization = await createOrganization()
    assert.deepEqual(await pluginChoicesOf(organization.id), {})

    const row = await OrganizationPlugin.create({
      organizationId: organization.id,
      pluginId: 'alpha',
      enabled: true,
    })
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: true })

    row.enabled = false
    await row.save()
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: false })

    await row.delete()
    assert.deepEqual(await pluginChoicesOf(organization.id), {})
  })

  test('a change inside a transaction is forgotten again once it commits', async ({ assert }) => {
    const organization = await createOrganization()
    assert.deepEqual(await pluginChoicesOf(organization.id), {})

    await db.transaction(async (trx) => {
      await OrganizationPlugin.create(
        { organizationId: organization.id, pluginId: 'alpha', enabled: false },
        { client: trx }
      )
      // Another process reads before the commit, and caches what it saw.
      await redis.set(
        `atum:plugins:choices:${organization.id}`,
        JSON.stringify({
          generation: await redis.get(`atum:plugins:choices:${organization.id}:gen`),
          choices: {},
        })
      )
    })
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: false })
  })

  test('a value cached by a read that started before a change is ignored', async ({ assert }) => {
    const organization = await createOrganization()
    const stale = JSON.stringify({ generation: '0', choices: { alpha: true } })
    await OrganizationPlugin.create({
      organizationId: organization.id,
      pluginId: 'alpha',
      enabled: false,
    })
    // A slow reader of generation 0 stores what it read after the change was announced.
    await redis.set(`atum:plugins:choices:${organization.id}`, stale)
    assert.deepEqual(await pluginChoicesOf(organization.id), { alpha: false })
  })
})
