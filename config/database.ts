import { fileURLToPath } from 'node:url'
import pg from 'pg'
import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'
import { pluginMigrationPaths } from '#services/plugins/discovery'

/**
 * Migrations of the core and of every allowed plugin
 * (plugins/<id>/database/migrations).
 */
const migrationPaths = [
  'database/migrations',
  ...pluginMigrationPaths({
    appRoot: fileURLToPath(new URL('../', import.meta.url)),
    paths: env.get('PLUGINS_PATHS'),
    allow: env.get('PLUGINS_ALLOW'),
  }),
]

/**
 * bigint columns (bigserial ids, count(*)) come back as JS numbers rather
 * than strings: ids stay far below 2^53.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

const dbConfig = defineConfig({
  connection: 'postgres',
  connections: {
    postgres: {
      client: 'pg',
      connection: {
        host: env.get('DB_HOST'),
        port: env.get('DB_PORT'),
        user: env.get('DB_USER'),
        password: env.get('DB_PASSWORD'),
        database: env.get('DB_DATABASE'),
      },
      pool: { min: 0, max: env.get('DB_POOL_MAX', 20) },
      migrations: {
        naturalSort: true,
        paths: migrationPaths,
      },
    },
  },
})

export default dbConfig
