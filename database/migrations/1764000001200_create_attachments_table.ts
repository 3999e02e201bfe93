import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Files attached to a ticket (comment_id null) or to one of its comments.
 * An attachment of an internal note is as internal as the note: whether a
 * customer may download it is read from the comment, never stored twice.
 * The bytes live on the drive disk under storage_key, a random name that
 * says nothing of the original file.
 */
export default class extends BaseSchema {
  protected tableName = 'attachments'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
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
      table
        .bigInteger('comment_id')
        .nullable()
        .references('id')
        .inTable('ticket_comments')
        .onDelete('CASCADE')
      table.integer('uploader_id').notNullable().references('id').inTable('users')
      table.string('filename', 255).notNullable()
      table.string('content_type', 127).notNullable()
      table.bigInteger('size').notNullable()
      table.string('sha256', 64).notNullable()
      table.string('storage_key', 255).notNullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['ticket_id'], 'attachments_ticket_idx')
      table.index(['comment_id'], 'attachments_comment_idx')
    })
    this.schema.raw(`
      ALTER TABLE attachments
        ADD CONSTRAINT attachments_size_check CHECK (size >= 0),
        ADD CONSTRAINT attachments_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$')
    `)
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
