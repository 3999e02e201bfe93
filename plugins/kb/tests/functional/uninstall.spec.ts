import { test } from '@japa/runner'
import { cp, mkdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import app from '@adonisjs/core/services/app'
import { runAceProcess } from '#tests/helpers/ace_commands'

/**
 * `node ace plugins:uninstall kb` on a database of its own (created here,
 * dropped afterwards: the test database's schema is never touched), with a
 * copy of this plugin's folder as the only plugin, so the folder can be
 * moved and deleted.
 */
const APP_ROOT = fileURLToPath(app.appRoot)
const KB_DIR = fileURLToPath(new URL('../../', import.meta.url))
const KB_TABLES = ['kb_categories', 'kb_articles', 'kb_article_revisions']

type ConnectionConfig = { host: string; port: number; user: string; password?: string }

function connectionConfig(): ConnectionConfig {
  return app.config.get('database.connections.postgres.connection')
}

async function withClient<T>(database: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ ...connectionConfig(), database })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Which of the tables exist in the scratch database. */
async function existingTables(database: string, tables: string[]) {
  return withClient(database, async (client) => {
    const { rows } = await client.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name`,
      [tables]
    )
    return rows.map((row) => row.table_name as string)
  })
}

async function kbMigrationRows(database: string) {
  return withClient(database, async (client) => {
    const { rows } = await client.query(
      `SELECT name FROM adonis_schema WHERE name LIKE '%/kb/database/migrations/%'`
    )
    return rows.map((row) => row.name as string)
  })
}

test.group('plugins:uninstall kb', (group) => {
  const database = `${app.config.get<string>('database.connections.postgres.connection.database')}_uninstall_${process.pid}`
  const pluginsPath = join('tmp', `uninstall-${process.pid}`)
  const folder = join(APP_ROOT, pluginsPath, 'kb')
  const aside = join(APP_ROOT, 'tmp', `uninstall-${process.pid}-aside`)
  const env = { DB_DATABASE: database, PLUGINS_PATHS: pluginsPath, PLUGINS_ALLOW: '*' }
  const ace = (argv: string[]) => runAceProcess(argv, { timeoutMs: 60_000, env })

  group.setup(async () => {
    await withClient('postgres', (client) => client.query(`CREATE DATABASE "${database}"`))
    await mkdir(join(APP_ROOT, pluginsPath), { recursive: true })
    await cp(KB_DIR, folder, { recursive: true })
    return async () => {
      await rm(join(APP_ROOT, pluginsPath), { recursive: true, force: true })
      await rm(aside, { recursive: true, force: true })
      await withClient('postgres', (client) =>
        client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      )
    }
  })

  test('drops its tables; without its folder, migration:rollback and migration:run still work', async ({
    assert,
  }) => {
    const migrate = await ace(['migration:run', '--force'])
    assert.equal(migrate.exitCode, 0, migrate.stderr + migrate.stdout)
    assert.deepEqual(await existingTables(database, KB_TABLES), [...KB_TABLES].sort())
    assert.lengthOf(await kbMigrationRows(database), 1)

    // With the folder gone, it refuses and says how to put it back.
    await rename(folder, aside)
    const refused = await ace(['plugins:uninstall', 'kb'])
    assert.equal(refused.exitCode, 1)
    assert.include(refused.stderr + refused.stdout, 'The folder of plugin "kb" is missing')
    assert.include(refused.stderr + refused.stdout, `git checkout -- ${pluginsPath}/kb`)
    assert.deepEqual(await existingTables(database, KB_TABLES), [...KB_TABLES].sort())
    await rename(aside, folder)

    const uninstall = await ace(['plugins:uninstall', 'kb'])
    assert.equal(uninstall.exitCode, 0, uninstall.stderr + uninstall.stdout)
    assert.include(uninstall.stdout, 'Plugin "kb" is out of the database')
    assert.deepEqual(await existingTables(database, KB_TABLES), [])
    assert.deepEqual(await kbMigrationRows(database), [])

    await rm(folder, { recursive: true })
    const rollback = await ace(['migration:rollback', '--force'])
    assert.equal(rollback.exitCode, 0, rollback.stderr + rollback.stdout)
    assert.deepEqual(await existingTables(database, ['organizations', 'tickets']), [])

    const again = await ace(['migration:run', '--force'])
    assert.equal(again.exitCode, 0, again.stderr + again.stdout)
    assert.deepEqual(await existingTables(database, ['organizations', 'tickets']), [
      'organizations',
      'tickets',
    ])
    assert.deepEqual(await existingTables(database, KB_TABLES), [])
  }).timeout(240_000)
})
