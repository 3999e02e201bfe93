import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The knowledge base: categories (one level of nesting), articles with
 * their revisions, helpfulness votes and deflections ("this solved my
 * problem" on the new-request form).
 *
 * Search: a stored generated tsvector per article in the article's own
 * text-search configuration (`language`, a regconfig taken from the
 * organization's plugin settings), title weighted A, tags B, body C, with
 * a GIN index; and a trigram GIN index on the title (pg_trgm, a trusted
 * extension) for typo-tolerant matches. A search asks for either, so
 * PostgreSQL ORs the two bitmap index scans. Indexes that lead with the
 * organization (btree_gin, as the tickets' search) were measured and left
 * out: the planner then scanned the organization's rows instead (10,000
 * articles: 60-110 ms against 1-10 ms; plugins/kb/bench/README.md).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    // array_to_string is only STABLE; a generated column needs IMMUTABLE.
    this.schema.raw(
      `CREATE OR REPLACE FUNCTION kb_tags_text(tags text[]) RETURNS text
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT coalesce(array_to_string(tags, ' '), '') $$`
    )

    this.schema.createTable('kb_categories', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('parent_id').nullable().references('kb_categories.id').onDelete('RESTRICT')
      table.string('name', 80).notNullable()
      table.string('slug', 90).notNullable()
      table.string('description', 300).notNullable().defaultTo('')
      table.integer('position').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'slug'])
      table.index(['organization_id', 'parent_id', 'position'])
    })

    this.schema.createTable('kb_articles', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('category_id').nullable().references('kb_categories.id').onDelete('SET NULL')
      table.string('title', 200).notNullable()
      table.string('slug', 120).notNullable()
      table.text('body').notNullable()
      table.text('body_html').notNullable()
      /** The rendered body as plain text: search, snippets and meta descriptions. */
      table.text('body_text').notNullable()
      table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
      table.string('status', 12).notNullable().defaultTo('draft')
      table.string('visibility', 12).notNullable().defaultTo('public')
      table.specificType('language', 'regconfig').notNullable().defaultTo('english')
      table.integer('revision').notNullable().defaultTo(1)
      table.integer('view_count').notNullable().defaultTo(0)
      table.integer('helpful_yes').notNullable().defaultTo(0)
      table.integer('helpful_no').notNullable().defaultTo(0)
      table.integer('deflection_count').notNullable().defaultTo(0)
      table.integer('author_id').nullable().references('users.id').onDelete('SET NULL')
      table.integer('updated_by_id').nullable().references('users.id').onDelete('SET NULL')
      table.timestamp('published_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['organization_id', 'slug'])
      table.index(['organization_id', 'updated_at', 'id'])
      table.index(['organization_id', 'category_id', 'status'])
    })
    this.schema.raw(`ALTER TABLE kb_articles
      ADD CONSTRAINT kb_articles_status_check CHECK (status IN ('draft', 'published')),
      ADD CONSTRAINT kb_articles_visibility_check CHECK (visibility IN ('public', 'customers', 'internal')),
      ADD COLUMN search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(language, coalesce(title, '')), 'A') ||
        setweight(to_tsvector(language, kb_tags_text(tags)), 'B') ||
        setweight(to_tsvector(language, coalesce(body_text, '')), 'C')
      ) STORED`)
    this.schema.raw('CREATE INDEX kb_articles_search_idx ON kb_articles USING gin (search)')
    this.schema.raw(
      'CREATE INDEX kb_articles_title_trgm_idx ON kb_articles USING gin (title gin_trgm_ops)'
    )

    this.schema.createTable('kb_article_revisions', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE')
      table.integer('number').notNullable()
      table.integer('category_id').nullable()
      table.string('title', 200).notNullable()
      table.text('body').notNullable()
      table.specificType('tags', 'text[]').notNullable().defaultTo('{}')
      table.string('visibility', 12).notNullable()
      /** The revision this one restored, if it is a restore. */
      table.integer('restored_from').nullable()
      table.integer('author_id').nullable().references('users.id').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['article_id', 'number'])
    })

    this.schema.createTable('kb_article_votes', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE')
      /** "user:<id>" for signed-in people, "visitor:<uuid>" (a cookie) otherwise. */
      table.string('voter_key', 80).notNullable()
      table.boolean('helpful').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['article_id', 'voter_key'])
    })

    this.schema.createTable('kb_deflections', (table) => {
      table.increments('id')
      table
        .integer('organization_id')
        .notNullable()
        .references('organizations.id')
        .onDelete('CASCADE')
      table.integer('article_id').notNullable().references('kb_articles.id').onDelete('CASCADE')
      table.integer('user_id').nullable().references('users.id').onDelete('SET NULL')
      /** What the customer had typed as the subject when the article answered it. */
      table.string('subject', 200).notNullable().defaultTo('')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['organization_id', 'article_id'])
    })
  }

  async down() {
    this.schema.dropTable('kb_deflections')
    this.schema.dropTable('kb_article_votes')
    this.schema.dropTable('kb_article_revisions')
    this.schema.dropTable('kb_articles')
    this.schema.dropTable('kb_categories')
    this.schema.raw('DROP FUNCTION IF EXISTS kb_tags_text(text[])')
  }
}
