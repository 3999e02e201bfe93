import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Per-organization choice of each plugin (on/off) and its settings. A plugin
 * without a row uses its manifest default.
 */
export default class extends BaseSchema {
  protected tableName = 'organization_plugins'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.string('plugin_id', 60).notNullable()
      table.boolean('enabled').notNullable()
      table.jsonb('settings').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'plugin_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
