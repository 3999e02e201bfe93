import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What happened to accounts and access: sign-ins and their failures,
 * password resets, invitations, role changes, tokens. The audit trail
 * builds on it.
 */
export default class extends BaseSchema {
  protected tableName = 'auth_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .nullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('actor_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('event', 40).notNullable()
      table.string('email', 254).nullable()
      table.string('ip', 64).nullable()
      table.string('user_agent', 400).nullable()
      table.jsonb('meta').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'created_at'])
      table.index(['user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
