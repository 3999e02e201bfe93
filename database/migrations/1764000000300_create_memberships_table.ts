import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A user's role in one organization. Staff may hold several memberships;
 * a customer holds exactly one (enforced by the actions that add them).
 */
export default class extends BaseSchema {
  protected tableName = 'memberships'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.string('role', 16).notNullable()
      // Set when an admin removes the person's access to this organization.
      table.timestamp('disabled_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'user_id'])
      table.index(['user_id'])
    })
    this.schema.raw(
      `ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('customer', 'agent', 'manager', 'admin'))`
    )
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
