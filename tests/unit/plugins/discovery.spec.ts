import { test } from '@japa/runner'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  discoverPluginFolders,
  importPluginManifest,
  pluginMigrationPaths,
  pluginTestGlobs,
} from '#services/plugins/discovery'

async function makePlugin(root: string, id: string, options: { migrations?: boolean } = {}) {
  await mkdir(join(root, id), { recursive: true })
  await writeFile(
    join(root, id, 'plugin.js'),
    `export default { id: '${id}', name: '${id} plugin', version: '0.1.0' }\n`
  )
  if (options.migrations) await mkdir(join(root, id, 'database', 'migrations'), { recursive: true })
}

test.group('Plugin discovery', (group) => {
  let appRoot: string
  group.each.setup(async () => {
    appRoot = await mkdtemp(join(tmpdir(), 'atum-plugins-'))
    await writeFile(join(appRoot, 'package.json'), '{"type": "module"}')
    return () => rm(appRoot, { recursive: true, force: true })
  })

  test('finds every folder with a plugin entry file, in id order', async ({ assert }) => {
    await makePlugin(join(appRoot, 'plugins'), 'kb')
    await makePlugin(join(appRoot, 'plugins'), 'csat')
    await mkdir(join(appRoot, 'plugins', 'not_a_plugin'))
    await mkdir(join(appRoot, 'plugins', 'Bad-Name'))
    await writeFile(join(appRoot, 'plugins', 'Bad-Name', 'plugin.js'), '')
    await writeFile(join(appRoot, 'plugins', 'README.md'), 'notes')

    const found = discoverPluginFolders({ appRoot })
    assert.deepEqual(
      found.map(({ id, allowed }) => ({ id, allowed })),
      [
        { id: 'csat', allowed: true },
        { id: 'kb', allowed: true },
      ]
    )
  })

  test('scans several folders and ignores missing ones', async ({ assert }) => {
    await makePlugin(join(appRoot, 'plugins'), 'kb')
    await makePlugin(join(appRoot, 'extra'), 'fixture')
    const found = discoverPluginFolders({ appRoot, paths: 'plugins, extra, missing' })
    assert.deepEqual(
      found.map((plugin) => plugin.id),
      ['kb', 'fixture']
    )
  })

  test('an empty or absent plugins folder means no plugins', async ({ assert }) => {
    assert.deepEqual(discoverPluginFolders({ appRoot }), [])
    await mkdir(join(appRoot, 'plugins'))
    assert.deepEqual(discoverPluginFolders({ appRoot }), [])
  })

  test('the allow-list limits which plugins may run', async ({ assert }) => {
    await makePlugin(join(appRoot, 'plugins'), 'kb')
    await makePlugin(join(appRoot, 'plugins'), 'csat')
    const found = discoverPluginFolders({ appRoot, allow: 'kb' })
    assert.deepEqual(
      found.map(({ id, allowed }) => ({ id, allowed })),
      [
        { id: 'csat', allowed: false },
        { id: 'kb', allowed: true },
      ]
    )
    assert.isTrue(discoverPluginFolders({ appRoot, allow: '*' }).every((plugin) => plugin.allowed))
  })

  test('the same id in two folders stops the boot', async ({ assert }) => {
    await makePlugin(join(appRoot, 'plugins'), 'kb')
    await makePlugin(join(appRoot, 'extra'), 'kb')
    assert.throws(
      () => discoverPluginFolders({ appRoot, paths: 'plugins,extra' }),
      /Plugin "kb" is found twice/
    )
  })

  test('migration folders and test globs of allowed plugins only', async ({ assert }) => {
    await makePlugin(join(appRoot, 'plugins'), 'kb', { migrations: true })
    await makePlugin(join(appRoot, 'plugins'), 'csat', { migrations: true })
    await makePlugin(join(appRoot, 'plugins'), 'time_tracking')

    assert.deepEqual(pluginMigrationPaths({ appRoot, allow: 'kb,time_tracking' }), [
      'plugins/kb/database/migrations',
    ])
    assert.deepEqual(pluginTestGlobs({ appRoot, allow: 'csat' }, 'unit'), [
      'plugins/csat/tests/unit/**/*.spec(.ts|.js)',
    ])
  })

  test('a manifest must name its own folder', async ({ assert }) => {
    await makePlugin(join(appRoot, 'plugins'), 'kb')
    await makePlugin(join(appRoot, 'plugins'), 'misnamed')
    await writeFile(
      join(appRoot, 'plugins', 'misnamed', 'plugin.js'),
      `export default { id: 'other', name: 'x', version: '1' }\n`
    )
    const [kb, misnamed] = discoverPluginFolders({ appRoot })

    const manifest = await importPluginManifest(kb)
    assert.equal(manifest.version, '0.1.0')
    await assert.rejects(
      () => importPluginManifest(misnamed),
      /must export default definePlugin\(\{ id: 'misnamed'/
    )
  })
})
