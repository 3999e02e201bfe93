import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Single-use tokens sent by mail: password resets and invitations. Only a
 * SHA-256 of each token is stored, so a database leak reveals no link.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('password_reset_tokens', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('invitations', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.string('email', 254).notNullable()
      table.string('role', 16).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table
        .integer('invited_by_id')
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('accepted_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['organization_id'])
    })
  }

  async down() {
    this.schema.dropTable('invitations')
    this.schema.dropTable('password_reset_tokens')
  }
}
