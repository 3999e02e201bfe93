import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * CSAT: one rating per ticket (1–5 and an optional comment), and the
 * single-use links mailed to the requester when a ticket is resolved
 * (only the token's SHA-256 is stored).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('csat_ratings', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table
        .integer('ticket_id')
        .notNullable()
        .unique()
        .references('id')
        .inTable('tickets')
        .onDelete('CASCADE')
      // Who rated (the requester) and who had the ticket when they did.
      table.integer('rated_by_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.integer('agent_id').nullable().references('id').inTable('users').onDelete('SET NULL')
      table.smallint('score').notNullable()
      table.text('comment').nullable()
      // When the current score was given (a change moves it): the report's period.
      table.timestamp('rated_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.check('score BETWEEN 1 AND 5', [], 'csat_ratings_score_check')
    })
    // The report: an organization's ratings in a period, optionally one agent's.
    this.schema.raw(
      'CREATE INDEX csat_ratings_report_idx ON csat_ratings (organization_id, rated_at)'
    )
    this.schema.raw(
      'CREATE INDEX csat_ratings_agent_idx ON csat_ratings (organization_id, agent_id, rated_at)'
    )

    this.schema.createTable('csat_links', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table
        .integer('ticket_id')
        .notNullable()
        .references('id')
        .inTable('tickets')
        .onDelete('CASCADE')
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['ticket_id'])
    })
  }

  async down() {
    this.schema.dropTable('csat_links')
    this.schema.dropTable('csat_ratings')
  }
}
