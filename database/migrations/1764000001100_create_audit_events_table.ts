import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The immutable audit trail. PostgreSQL refuses UPDATE and DELETE on it
 * (a trigger), and each organization's events form a SHA-256 hash chain
 * (prev_hash → hash), whose head is kept in audit_chain_heads so appends
 * serialize per organization (row lock) without scanning the table.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('audit_chain_heads', (table) => {
      table
        .integer('organization_id')
        .primary()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.string('last_hash', 64).notNullable()
    })

    this.schema.createTable('audit_events', (table) => {
      table.bigIncrements('id')
      table.integer('organization_id').notNullable().references('id').inTable('organizations')
      table.integer('actor_id').nullable().references('id').inTable('users')
      table.string('action', 60).notNullable()
      table.string('subject_type', 40).notNullable()
      table.string('subject_id', 40).nullable()
      table.jsonb('before').nullable()
      table.jsonb('after').nullable()
      table.string('ip', 64).nullable()
      table.string('user_agent', 400).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.string('prev_hash', 64).notNullable()
      table.string('hash', 64).notNullable()
      table.index(['organization_id', 'id'])
      table.index(['organization_id', 'subject_type', 'subject_id'])
      table.index(['organization_id', 'action', 'created_at'])
    })

    this.schema.raw(`
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
      END;
      $$ LANGUAGE plpgsql
    `)
    this.schema.raw(`
      CREATE TRIGGER audit_events_no_update_delete
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
    `)
    this.schema.raw(`
      CREATE TRIGGER audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()
    `)
  }

  async down() {
    this.schema.dropTable('audit_events')
    this.schema.raw('DROP FUNCTION IF EXISTS audit_events_append_only()')
    this.schema.dropTable('audit_chain_heads')
  }
}
