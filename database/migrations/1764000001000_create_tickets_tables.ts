import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Tickets and their conversation. Numbers are per organization and
 * gap-free (ticket_counters is incremented in the ticket's own
 * transaction). Full-text search vectors are generated columns, indexed
 * with GIN; inbox queries have composite indexes led by organization_id.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ticket_counters', (table) => {
      table
        .integer('organization_id')
        .primary()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.integer('last_number').notNullable().defaultTo(0)
    })

    this.schema.createTable('tickets', (table) => {
      table.bigIncrements('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('id')
        .inTable('organizations')
        .onDelete('CASCADE')
      table.integer('number').notNullable()
      table.string('subject', 200).notNullable()
      table.text('description').notNullable()
      table.text('description_html').notNullable()
      table.string('status', 20).notNullable().defaultTo('new')
      table.string('priority', 10).notNullable().defaultTo('normal')
      table.string('category', 60).nullable()
      table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
      table.string('source', 10).notNullable().defaultTo('portal')
      table.integer('requester_id').notNullable().references('id').inTable('users')
      table.integer('assignee_id').nullable().references('id').inTable('users')
      table.timestamp('first_response_at', { useTz: true }).nullable()
      table.timestamp('resolved_at', { useTz: true }).nullable()
      table.timestamp('closed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'number'])
    })
    this.schema.raw(`
      ALTER TABLE tickets
        ADD CONSTRAINT tickets_status_check CHECK (status IN ('new','accepted','assigned','in_progress','waiting_customer','resolved','closed')),
        ADD CONSTRAINT tickets_priority_check CHECK (priority IN ('low','normal','high','urgent')),
        ADD CONSTRAINT tickets_source_check CHECK (source IN ('portal','desk','api','email')),
        ADD COLUMN search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', coalesce(subject, '')), 'A') ||
          setweight(to_tsvector('simple', coalesce(description, '')), 'B')
        ) STORED
    `)
    this.schema.raw(
      'CREATE INDEX tickets_inbox_idx ON tickets (organization_id, status, updated_at DESC)'
    )
    this.schema.raw(
      'CREATE INDEX tickets_assignee_idx ON tickets (organization_id, assignee_id, status, updated_at DESC)'
    )
    this.schema.raw(
      'CREATE INDEX tickets_requester_idx ON tickets (organization_id, requester_id, updated_at DESC)'
    )
    this.schema.raw('CREATE INDEX tickets_search_idx ON tickets USING gin (search)')
    this.schema.raw('CREATE INDEX tickets_tags_idx ON tickets USING gin (tags)')

    this.schema.createTable('ticket_comments', (table) => {
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
      table.integer('author_id').notNullable().references('id').inTable('users')
      table.string('visibility', 10).notNullable()
      table.text('body').notNullable()
      table.text('body_html').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.schema.raw(`
      ALTER TABLE ticket_comments
        ADD CONSTRAINT ticket_comments_visibility_check CHECK (visibility IN ('public','internal')),
        ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(body, ''))) STORED
    `)
    this.schema.raw(
      'CREATE INDEX ticket_comments_ticket_idx ON ticket_comments (ticket_id, created_at)'
    )
    this.schema.raw('CREATE INDEX ticket_comments_search_idx ON ticket_comments USING gin (search)')
  }

  async down() {
    this.schema.dropTable('ticket_comments')
    this.schema.dropTable('tickets')
    this.schema.dropTable('ticket_counters')
  }
}
