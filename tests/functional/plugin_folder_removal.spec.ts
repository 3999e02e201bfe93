import { test } from '@japa/runner'
import { cp, mkdir, rm } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { startAppProcess } from '#tests/helpers/app_process'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))

async function portalAndPluginPage(url: string) {
  const portal = await fetch(`${url}/`)
  const pluginPage = await fetch(`${url}/fixture/hello`)
  return { portal: await portal.text(), pluginStatus: pluginPage.status }
}

test.group('Dropping in and deleting a plugin folder', () => {
  test('a plugin folder brings its route, nav entry and slot; deleting it removes them', async ({
    assert,
  }) => {
    // A plugin folder of its own inside the app (so its #imports resolve).
    const folder = join('tmp', `plugins-${process.pid}-${Date.now()}`)
    await mkdir(join(APP_ROOT, folder), { recursive: true })
    await cp(join(APP_ROOT, 'tests/fixtures/plugins/fixture'), join(APP_ROOT, folder, 'fixture'), {
      recursive: true,
    })

    try {
      const withPlugin = await startAppProcess({ PLUGINS_PATHS: folder })
      const present = await portalAndPluginPage(withPlugin.url).finally(() => withPlugin.stop())
      assert.equal(present.pluginStatus, 200)
      assert.include(present.portal, 'Fixture portal page')
      assert.include(present.portal, 'data-slot="fixture"')

      await rm(join(APP_ROOT, folder, 'fixture'), { recursive: true })

      const withoutPlugin = await startAppProcess({ PLUGINS_PATHS: folder })
      const gone = await portalAndPluginPage(withoutPlugin.url).finally(() => withoutPlugin.stop())
      assert.equal(gone.pluginStatus, 404)
      assert.notInclude(gone.portal, 'Fixture portal page')
      assert.notInclude(gone.portal, 'data-slot="fixture"')
      assert.include(gone.portal, 'How can we help?')
    } finally {
      await rm(join(APP_ROOT, folder), { recursive: true, force: true })
    }
  }).timeout(90_000)
})
