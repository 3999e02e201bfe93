import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The SLA engine (app/services/sla): business calendars, policies per
 * priority, the due dates stored on each ticket and the timeline that
 * explains them.
 *
 * The monitor (app/actions/sla/scan_sla_deadlines.ts) looks for running
 * tickets whose warning or due instant has passed and that are not marked
 * yet. Each of its four questions has a partial index holding only the
 * candidates, ordered by the instant it compares: the scan reads index
 * entries up to "now", never the open tickets themselves.
 */
const RUNNING = `status IN ('new','accepted','assigned','in_progress')`

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('business_calendars', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.string('name', 80).notNullable()
      table.string('time_zone', 64).notNullable()
      // [{ day: 0..6, start: "HH:MM", end: "HH:MM" }]
      table.jsonb('week').notNullable()
      // [{ date: "YYYY-MM-DD", yearly?: boolean, name?: string }]
      table.jsonb('holidays').notNullable().defaultTo('[]')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(
      'CREATE UNIQUE INDEX business_calendars_name_unique ON business_calendars (organization_id, lower(name))'
    )

    this.schema.createTable('sla_policies', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      // NULL: the organization's default policy, for priorities without their own.
      table.string('priority', 10).nullable()
      table
        .integer('calendar_id')
        .notNullable()
        .references('business_calendars.id')
        .onDelete('RESTRICT')
      table.integer('first_response_minutes').notNullable()
      table.integer('resolution_minutes').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      ALTER TABLE sla_policies
        ADD CONSTRAINT sla_policies_priority_check CHECK (priority IS NULL OR priority IN ('low','normal','high','urgent')),
        ADD CONSTRAINT sla_policies_targets_check CHECK (first_response_minutes > 0 AND resolution_minutes > 0)
    `)
    this.schema.raw(
      `CREATE UNIQUE INDEX sla_policies_priority_unique ON sla_policies (organization_id, coalesce(priority, ''))`
    )

    this.schema.alterTable('tickets', (table) => {
      table.integer('sla_policy_id').nullable().references('sla_policies.id').onDelete('SET NULL')
      // The policy's targets when they were applied, in business minutes.
      table.integer('first_response_target').nullable()
      table.integer('resolution_target').nullable()
      // Set while the clock is paused (waiting_customer, resolved).
      table.timestamp('sla_paused_at', { useTz: true }).nullable()
      // Business minutes of the finished pauses, added back to the due dates.
      table.integer('sla_paused_minutes').notNullable().defaultTo(0)
      table.timestamp('first_response_due_at', { useTz: true }).nullable()
      table.timestamp('first_response_warn_at', { useTz: true }).nullable()
      table.timestamp('first_response_warned_at', { useTz: true }).nullable()
      table.timestamp('first_response_breached_at', { useTz: true }).nullable()
      table.timestamp('resolution_due_at', { useTz: true }).nullable()
      table.timestamp('resolution_warn_at', { useTz: true }).nullable()
      table.timestamp('resolution_warned_at', { useTz: true }).nullable()
      table.timestamp('resolution_breached_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      `CREATE INDEX tickets_sla_first_response_warn_idx ON tickets (first_response_warn_at)
       WHERE first_response_warned_at IS NULL AND first_response_at IS NULL AND ${RUNNING}`
    )
    this.schema.raw(
      `CREATE INDEX tickets_sla_first_response_due_idx ON tickets (first_response_due_at)
       WHERE first_response_breached_at IS NULL AND first_response_at IS NULL AND ${RUNNING}`
    )
    this.schema.raw(
      `CREATE INDEX tickets_sla_resolution_warn_idx ON tickets (resolution_warn_at)
       WHERE resolution_warned_at IS NULL AND ${RUNNING}`
    )
    this.schema.raw(
      `CREATE INDEX tickets_sla_resolution_due_idx ON tickets (resolution_due_at)
       WHERE resolution_breached_at IS NULL AND ${RUNNING}`
    )
    // The next instant the ticket must meet: the first response while it is
    // pending, else the resolution. The "breaching soon" inbox view reads
    // it in order, per organization, for running tickets.
    this.schema.raw(`
      ALTER TABLE tickets ADD COLUMN sla_next_due_at timestamptz GENERATED ALWAYS AS (
        CASE WHEN first_response_at IS NULL
             THEN LEAST(first_response_due_at, resolution_due_at)
             ELSE resolution_due_at END
      ) STORED
    `)
    this.schema.raw(
      `CREATE INDEX tickets_sla_next_due_idx ON tickets (organization_id, sla_next_due_at)
       WHERE ${RUNNING} AND sla_next_due_at IS NOT NULL`
    )
    // Compliance figures select by (organization_id, created_at): tickets_created_idx.

    this.schema.createTable('ticket_sla_events', (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('ticket_id').notNullable().references('tickets.id').onDelete('CASCADE')
      table.string('kind', 30).notNullable()
      table.timestamp('at', { useTz: true }).notNullable()
      // For "resumed": the business minutes the pause lasted.
      table.integer('business_minutes').nullable()
      // Due dates after the event.
      table.timestamp('first_response_due_at', { useTz: true }).nullable()
      table.timestamp('resolution_due_at', { useTz: true }).nullable()
      table.jsonb('details').nullable()
    })
    this.schema.raw(
      'CREATE INDEX ticket_sla_events_ticket_idx ON ticket_sla_events (ticket_id, id)'
    )
    // Warnings and breaches are facts that happen once per ticket: a second
    // worker's insert fails even if its conditional update were bypassed.
    this.schema.raw(
      `CREATE UNIQUE INDEX ticket_sla_events_once_idx ON ticket_sla_events (ticket_id, kind)
       WHERE kind IN ('first_response_warning','first_response_breached','resolution_warning','resolution_breached')`
    )
  }

  async down() {
    this.schema.dropTable('ticket_sla_events')
    this.schema.raw('DROP INDEX IF EXISTS tickets_sla_next_due_idx')
    this.schema.raw('ALTER TABLE tickets DROP COLUMN sla_next_due_at')
    this.schema.raw('DROP INDEX IF EXISTS tickets_sla_resolution_due_idx')
    this.schema.raw('DROP INDEX IF EXISTS tickets_sla_resolution_warn_idx')
    this.schema.raw('DROP INDEX IF EXISTS tickets_sla_first_response_due_idx')
    this.schema.raw('DROP INDEX IF EXISTS tickets_sla_first_response_warn_idx')
    this.schema.alterTable('tickets', (table) => {
      table.dropColumn('sla_policy_id')
      table.dropColumn('first_response_target')
      table.dropColumn('resolution_target')
      table.dropColumn('sla_paused_at')
      table.dropColumn('sla_paused_minutes')
      table.dropColumn('first_response_due_at')
      table.dropColumn('first_response_warn_at')
      table.dropColumn('first_response_warned_at')
      table.dropColumn('first_response_breached_at')
      table.dropColumn('resolution_due_at')
      table.dropColumn('resolution_warn_at')
      table.dropColumn('resolution_warned_at')
      table.dropColumn('resolution_breached_at')
    })
    this.schema.dropTable('sla_policies')
    this.schema.dropTable('business_calendars')
  }
}
