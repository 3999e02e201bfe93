/*
|--------------------------------------------------------------------------
| Test runner entry point
|--------------------------------------------------------------------------
|
| `node ace test` boots the app in the "test" environment. The values of
| .env.test are forced over the environment: `node ace test` hands this
| process everything it read from .env, and tests must never run against
| the desk's own database. The fixture plugin under tests/fixtures/plugins is
| loaded unless TEST_PLUGINS_PATHS names other plugin folders (the "no
| plugins" run of infra/scripts/test.sh).
|
*/
import 'reflect-metadata'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EnvParser } from '@adonisjs/env'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { configure, processCLIArgs, run } from '@japa/runner'

const APP_ROOT = new URL('../', import.meta.url)

const testEnv = await new EnvParser(readFileSync(new URL('.env.test', APP_ROOT), 'utf8'), {
  ignoreProcessEnv: true,
}).parse()
Object.assign(process.env, testEnv, {
  PLUGINS_PATHS: process.env.TEST_PLUGINS_PATHS ?? 'plugins,tests/fixtures/plugins',
})

/**
 * Two test runs at once (two checkouts, CI shards) each need their own
 * database, Redis database and ports: TEST_DB_DATABASE, TEST_REDIS_DB,
 * TEST_PORT and TEST_SMTP_PORT choose them.
 */
for (const [override, key] of [
  ['TEST_DB_DATABASE', 'DB_DATABASE'],
  ['TEST_REDIS_DB', 'REDIS_DB'],
  ['TEST_PORT', 'PORT'],
  ['TEST_SMTP_PORT', 'SMTP_PORT'],
] as const) {
  if (process.env[override]) process.env[key] = process.env[override]
}
if (process.env.TEST_PORT) process.env.APP_URL = `http://127.0.0.1:${process.env.TEST_PORT}`

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../tests/bootstrap.js')
    const { default: env } = await import('#start/env')
    const { pluginTestGlobs } = await import('#services/plugins/discovery')

    /**
     * Each suite also runs the matching tests of every allowed plugin
     * (<plugin>/tests/<suite>/**), so a plugin folder brings its tests along.
     */
    const discovery = {
      appRoot: fileURLToPath(APP_ROOT),
      paths: env.get('PLUGINS_PATHS'),
      allow: env.get('PLUGINS_ALLOW'),
    }
    const suites = app.rcFile.tests.suites.map((suite) => ({
      ...suite,
      files: [...[suite.files].flat(), ...pluginTestGlobs(discovery, suite.name)],
    }))

    processCLIArgs(process.argv.splice(2))
    configure({
      ...app.rcFile.tests,
      ...config,
      suites,
      ...{
        setup: runnerHooks.setup,
        teardown: runnerHooks.teardown.concat([() => app.terminate()]),
      },
    })
  })
  .run(() => run())
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
