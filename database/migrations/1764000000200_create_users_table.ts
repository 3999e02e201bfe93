import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Global identities. A person has one account whatever organizations they
 * serve or belong to. Emails are unique whatever their case.
 */
export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('email', 254).notNullable()
      table.string('full_name', 120).notNullable()
      table.string('locale', 10).notNullable().defaultTo('en')
      table.string('time_zone', 64).notNullable().defaultTo('UTC')
      // Null until the person sets one (invited, or created without password).
      table.string('password').nullable()
      // Bumped when the password changes: sessions of an older version end.
      table.integer('session_version').notNullable().defaultTo(1)
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw('CREATE UNIQUE INDEX users_email_lower_unique ON users (lower(email))')
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
