import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Time staff spent on tickets (time_entries), and the timers that are
 * running (time_timers: one per person and organization, kept in the
 * database so a timer survives a reload, another tab or another device).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('time_entries', (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table
        .bigInteger('ticket_id')
        .notNullable()
        .references('id')
        .inTable('tickets')
        .onDelete('CASCADE')
      table.integer('user_id').notNullable().references('id').inTable('users')
      table.integer('minutes').notNullable()
      table.boolean('billable').notNullable().defaultTo(true)
      table.text('note').nullable()
      /** The day the work was done, in the organization's calendar. */
      table.date('work_date').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      // The ticket's list (newest first) and its totals.
      table.index(['organization_id', 'ticket_id', 'work_date'], 'time_entries_ticket_idx')
      // Reports and the CSV export: an organization's entries over a date range.
      table.index(['organization_id', 'work_date', 'id'], 'time_entries_report_idx')
    })
    this.schema.raw(`
      ALTER TABLE time_entries
        ADD CONSTRAINT time_entries_minutes_check CHECK (minutes BETWEEN 1 AND 1440)
    `)

    this.schema.createTable('time_timers', (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table
        .bigInteger('ticket_id')
        .notNullable()
        .references('id')
        .inTable('tickets')
        .onDelete('CASCADE')
      table.integer('user_id').notNullable().references('id').inTable('users')
      table.timestamp('started_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'user_id'], { indexName: 'time_timers_person_unique' })
    })
  }

  async down() {
    this.schema.dropTable('time_timers')
    this.schema.dropTable('time_entries')
  }
}
