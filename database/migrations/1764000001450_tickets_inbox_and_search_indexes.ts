import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Indexes for organizations with many tickets (measured with 100,000 per
 * organization by bench/inbox_and_search.ts; figures in bench/README.md).
 *
 * - The inbox's time orders across statuses, id as tie-breaker: "All",
 *   the open view and deep pages read the first rows of an index instead
 *   of sorting every ticket of the organization (150 ms → 1 ms).
 * - Full-text search scoped to the organization inside the GIN index
 *   (btree_gin, a trusted extension the database owner may create): the
 *   former search-only indexes returned every organization's matches, so
 *   one organization's search slowed down as the others grew. They are
 *   replaced, as every search filters by organization.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      'CREATE INDEX tickets_recent_activity_idx ON tickets (organization_id, updated_at DESC, id DESC)'
    )
    this.schema.raw(
      'CREATE INDEX tickets_created_idx ON tickets (organization_id, created_at DESC, id DESC)'
    )
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS btree_gin')
    this.schema.raw(
      'CREATE INDEX tickets_org_search_idx ON tickets USING gin (organization_id, search)'
    )
    this.schema.raw(
      'CREATE INDEX ticket_comments_org_search_idx ON ticket_comments USING gin (organization_id, search)'
    )
    this.schema.raw('DROP INDEX IF EXISTS tickets_search_idx')
    this.schema.raw('DROP INDEX IF EXISTS ticket_comments_search_idx')
  }

  async down() {
    this.schema.raw('CREATE INDEX tickets_search_idx ON tickets USING gin (search)')
    this.schema.raw('CREATE INDEX ticket_comments_search_idx ON ticket_comments USING gin (search)')
    this.schema.raw('DROP INDEX IF EXISTS ticket_comments_org_search_idx')
    this.schema.raw('DROP INDEX IF EXISTS tickets_org_search_idx')
    this.schema.raw('DROP EXTENSION IF EXISTS btree_gin')
    this.schema.raw('DROP INDEX IF EXISTS tickets_created_idx')
    this.schema.raw('DROP INDEX IF EXISTS tickets_recent_activity_idx')
  }
}
