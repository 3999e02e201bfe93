import { existsSync, readdirSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import db from '@adonisjs/lucid/services/db'
import type { BaseSchema } from '@adonisjs/lucid/schema'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { forgetPluginChoicesOf } from '#services/plugins/plugin_choices'

/**
 * Taking a plugin out of a database before its folder is deleted: its
 * migrations are rolled back (its tables dropped) and their rows leave
 * adonis_schema, so that `migration:rollback` and `migration:run` keep
 * working without the folder. Lucid knows migrations only by the batch,
 * across all folders; here they are found by their recorded names,
 * "<plugins path>/<id>/database/migrations/<file>".
 */

const SCHEMA_TABLE = 'adonis_schema'

export interface RecordedMigration {
  name: string
  batch: number
}

/** The migrations of plugin `id` that adonis_schema says ran, newest first. */
export async function recordedMigrationsOf(id: string): Promise<RecordedMigration[]> {
  if (!(await db.connection().schema.hasTable(SCHEMA_TABLE))) return []
  const rows: Array<RecordedMigration & { id: number }> = await db
    .from(SCHEMA_TABLE)
    .select('id', 'name', 'batch')
    .orderBy('id', 'desc')
  return rows
    .filter((row) => {
      const parts = row.name.split('/')
      return parts.at(-4) === id && parts.at(-3) === 'database' && parts.at(-2) === 'migrations'
    })
    .map(({ name, batch }) => ({ name, batch }))
}

/** Migration files of a plugin folder by their name without extension. */
function migrationFilesOf(dir: string): Map<string, string> {
  const folder = join(dir, 'database', 'migrations')
  const files = new Map<string, string>()
  if (!existsSync(folder)) return files
  for (const file of readdirSync(folder)) {
    if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue
    files.set(basename(file, extname(file)), join(folder, file))
  }
  return files
}

/**
 * Recorded migrations whose file is not in the folder: they cannot be
 * rolled back from it (a folder of another version of the plugin).
 */
export function missingMigrationFiles(dir: string, recorded: RecordedMigration[]) {
  const files = migrationFilesOf(dir)
  return recorded.filter((migration) => !files.has(basename(migration.name)))
}

/**
 * Rolls back the recorded migrations of the plugin in `dir`, newest first,
 * each in its own transaction with the removal of its adonis_schema row
 * (unless the migration disables transactions); then forgets the
 * organizations' choices and settings of the plugin. Returns the names
 * rolled back.
 */
export async function uninstallPlugin(id: string, dir: string): Promise<string[]> {
  const recorded = await recordedMigrationsOf(id)
  const files = migrationFilesOf(dir)
  const rolledBack: string[] = []

  for (const migration of recorded) {
    const file = files.get(basename(migration.name))
    if (!file) throw new Error(`No file for the migration ${migration.name} in ${dir}`)
    const { default: Schema }: { default: typeof BaseSchema } = await import(
      pathToFileURL(file).href
    )
    const rollBack = async (client: QueryClientContract) => {
      await new Schema(client, migration.name, false).execDown()
      await client.from(SCHEMA_TABLE).where('name', migration.name).delete()
    }
    if (Schema.disableTransactions) await rollBack(db.connection())
    else await db.transaction((trx) => rollBack(trx))
    rolledBack.push(migration.name)
  }

  const choices: Array<{ organization_id: number }> = await db
    .from('organization_plugins')
    .where('plugin_id', id)
    .delete()
    .returning('organization_id')
  for (const { organization_id: organizationId } of choices) {
    await forgetPluginChoicesOf(organizationId)
  }
  return rolledBack
}
