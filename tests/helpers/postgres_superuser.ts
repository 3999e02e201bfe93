import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/*
| A PostgreSQL superuser connection to the test database, for what the app's
| own role must never be able to do: switching off the append-only trigger
| of audit_events (the tamper tests of the audit trail) and removing the
| rows those tests committed.
|
| The role is `postgres` (trust authentication on the project's machines),
| or TEST_PG_SUPERUSER (with TEST_PG_SUPERUSER_PASSWORD if it needs one;
| infra/scripts/test.sh creates one on machines where `postgres` needs a
| password). When no
| superuser connection can be made, the tests fail saying so: they never
| skip silently.
*/

const CONNECTION = 'audit_superuser'

function superuserName() {
  return process.env.TEST_PG_SUPERUSER || 'postgres'
}

function target() {
  return `${superuserName()}@${env.get('DB_HOST')}:${env.get('DB_PORT')}/${env.get('DB_DATABASE')}`
}

function connection() {
  if (!db.manager.has(CONNECTION)) {
    db.manager.add(CONNECTION, {
      client: 'pg',
      connection: {
        host: env.get('DB_HOST'),
        port: env.get('DB_PORT'),
        user: superuserName(),
        password: process.env.TEST_PG_SUPERUSER_PASSWORD ?? process.env.PGPASSWORD,
        database: env.get('DB_DATABASE'),
      },
      pool: { min: 0, max: 2 },
    })
  }
  return db.connection(CONNECTION)
}

/**
 * Runs `fn` in a transaction of the superuser connection (committed when it
 * returns). Throws a clear error when the connection cannot be made or the
 * role is not a superuser.
 */
export async function asSuperuser<T>(fn: (trx: TransactionClientContract) => Promise<T>) {
  let rolsuper: boolean
  try {
    const { rows } = await connection().rawQuery(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user'
    )
    rolsuper = !!rows[0]?.rolsuper
  } catch (error) {
    throw new Error(
      `The audit tamper tests need a PostgreSQL superuser connection (${target()}), which failed: ${
        (error as Error).message
      }. Allow it (trust authentication for 127.0.0.1) or set TEST_PG_SUPERUSER/TEST_PG_SUPERUSER_PASSWORD.`
    )
  }
  if (!rolsuper) {
    throw new Error(
      `The audit tamper tests need a PostgreSQL superuser; ${target()} is not one (set TEST_PG_SUPERUSER).`
    )
  }
  return connection().transaction(fn)
}

/** Runs `sql` on audit_events with the append-only trigger switched off (committed). */
export function tamperWithAuditEvents(sql: string, bindings: unknown[] = []) {
  return asSuperuser(async (trx) => {
    await trx.rawQuery('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete')
    await trx.rawQuery(sql, bindings as any[])
    await trx.rawQuery('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete')
  })
}

/**
 * Removes what tests committed for these organizations (every table with
 * an organization_id, then the organizations), so later tests that count
 * rows across organizations do not see them. Triggers, foreign keys
 * included, are off for this session (session_replication_role), which
 * is what lets the audit events go.
 */
export async function removeCommittedOrganizations(organizationIds: number[]) {
  if (organizationIds.length === 0) return
  await asSuperuser(async (trx) => {
    await trx.rawQuery('SET LOCAL session_replication_role = replica')
    const { rows } = await trx.rawQuery(
      `SELECT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'organization_id'
          AND t.table_type = 'BASE TABLE'`
    )
    for (const { table_name: table } of rows as Array<{ table_name: string }>) {
      await trx.from(table).whereIn('organization_id', organizationIds).delete()
    }
    await trx.from('organizations').whereIn('id', organizationIds).delete()
  })
}

/** Closes the superuser connection (at the end of a group). */
export async function closeSuperuserConnection() {
  if (db.manager.has(CONNECTION) && db.manager.isConnected(CONNECTION)) {
    await db.manager.close(CONNECTION)
  }
}
