import db from '@adonisjs/lucid/services/db'

/**
 * The SQL statements run while `work` runs, as knex reports them (the test's
 * global transaction included: the in-process server's queries join it).
 */
export async function queriesDuring(work: () => Promise<unknown>) {
  const knex = db.connection().getWriteClient()
  const statements: string[] = []
  const listener = (query: { sql: string }) => statements.push(query.sql)
  knex.on('query', listener)
  try {
    await work()
  } finally {
    knex.off('query', listener)
  }
  return statements
}
