import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Notifications (issue #6): what a person is told, in the bell and by mail.
 *
 * - `notifications`: one row per recipient and event, in the recipient's
 *   organization. The bell counts the unread ones of the current
 *   organization (partial index) and lists them newest first (list index).
 * - `notification_preferences`: a person's choices of which kinds also
 *   mail them; only choices that differ from the defaults are stored.
 * - `mail_deliveries`: the outbox. A notification that mails has a pending
 *   delivery written in the same transaction as the change that caused it;
 *   the worker sends it once and marks it sent (the idempotency key of its
 *   job is the delivery id). The relay looks for pending rows through the
 *   partial index.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('notifications', (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('kind', 40).notNullable()
      table.bigInteger('ticket_id').nullable().references('tickets.id').onDelete('CASCADE')
      table.integer('actor_id').nullable().references('users.id').onDelete('SET NULL')
      table.jsonb('data').notNullable().defaultTo('{}')
      table.timestamp('read_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(
      'CREATE INDEX notifications_list ON notifications (user_id, organization_id, created_at DESC, id DESC)'
    )
    this.schema.raw(
      'CREATE INDEX notifications_unread ON notifications (user_id, organization_id) WHERE read_at IS NULL'
    )

    this.schema.createTable('notification_preferences', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('kind', 40).notNullable()
      table.boolean('email').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'kind'])
    })

    this.schema.createTable('mail_deliveries', (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table
        .bigInteger('notification_id')
        .notNullable()
        .references('notifications.id')
        .onDelete('CASCADE')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      // pending → sending (claimed by a worker) → sent; failed after too many attempts.
      table.string('status', 10).notNullable().defaultTo('pending')
      table.integer('attempts').notNullable().defaultTo(0)
      table.text('last_error').nullable()
      table.timestamp('dispatched_at', { useTz: true }).nullable()
      table.timestamp('claimed_at', { useTz: true }).nullable()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`
      ALTER TABLE mail_deliveries
        ADD CONSTRAINT mail_deliveries_status_check CHECK (status IN ('pending','sending','sent','failed'))
    `)
    this.schema.raw(
      `CREATE INDEX mail_deliveries_unsent ON mail_deliveries (created_at, id) WHERE status IN ('pending','sending')`
    )
    this.schema.raw(
      'CREATE INDEX mail_deliveries_notification ON mail_deliveries (notification_id)'
    )
  }

  async down() {
    this.schema.dropTable('mail_deliveries')
    this.schema.dropTable('notification_preferences')
    this.schema.dropTable('notifications')
  }
}
