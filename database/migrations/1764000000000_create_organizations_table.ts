import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tenants. Every tenant-owned row points here.
 */
export default class extends BaseSchema {
  protected tableName = 'organizations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.string('slug', 60).notNullable().unique()
      table.string('time_zone', 64).notNullable().defaultTo('UTC')
      table.jsonb('settings').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
