import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * How many tickets each organization has per status and assignee (0 for
 * nobody), kept exact by PostgreSQL itself: statement-level triggers on
 * `tickets` add up the rows each INSERT, UPDATE or DELETE touched (its
 * transition tables) and apply the differences in the same transaction,
 * whichever path changed the tickets (actions, the generator's multi-row
 * INSERTs, imports, cascades). The desk's tab counts read this table
 * (services/search/ticket_counts.ts) instead of scanning every ticket of
 * the organization on each page (bench/README.md).
 *
 * - Upserts go in key order, so two statements lock the rows they share
 *   in the same order (no deadlock between them).
 * - An UPDATE adds +1 for each new row and -1 for each old one: unchanged
 *   keys cancel out (HAVING) and write nothing.
 * - A DELETE cascading from its organization's deletion skips the counts,
 *   which go with the organization (their own cascade).
 * - Rows that fall to zero stay (no churn when a ticket comes back); the
 *   table is small and fillfactor leaves room for in-page (HOT) updates.
 * - The backfill runs after the triggers are created: CREATE TRIGGER locks
 *   `tickets` against writes until this migration's transaction commits,
 *   so no ticket is counted twice or missed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      CREATE TABLE ticket_status_counts (
        organization_id integer NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        status varchar(20) NOT NULL,
        assignee_id integer NOT NULL DEFAULT 0,
        count bigint NOT NULL,
        PRIMARY KEY (organization_id, status, assignee_id)
      ) WITH (fillfactor = 50)
    `)

    this.schema.raw(`
      CREATE OR REPLACE FUNCTION ticket_status_counts_track() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO ticket_status_counts AS counts (organization_id, status, assignee_id, count)
          SELECT organization_id, status, coalesce(assignee_id, 0), count(*)
            FROM new_rows
           GROUP BY 1, 2, 3
           ORDER BY 1, 2, 3
          ON CONFLICT (organization_id, status, assignee_id)
            DO UPDATE SET count = counts.count + excluded.count;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO ticket_status_counts AS counts (organization_id, status, assignee_id, count)
          SELECT organization_id, status, coalesce(assignee_id, 0), -count(*)
            FROM old_rows
           WHERE EXISTS (SELECT 1 FROM organizations WHERE organizations.id = old_rows.organization_id)
           GROUP BY 1, 2, 3
           ORDER BY 1, 2, 3
          ON CONFLICT (organization_id, status, assignee_id)
            DO UPDATE SET count = counts.count + excluded.count;
        ELSE
          INSERT INTO ticket_status_counts AS counts (organization_id, status, assignee_id, count)
          SELECT organization_id, status, assignee_id, sum(delta)
            FROM (
              SELECT organization_id, status, coalesce(assignee_id, 0) AS assignee_id, 1 AS delta
                FROM new_rows
              UNION ALL
              SELECT organization_id, status, coalesce(assignee_id, 0), -1
                FROM old_rows
            ) AS deltas
           GROUP BY 1, 2, 3
          HAVING sum(delta) <> 0
           ORDER BY 1, 2, 3
          ON CONFLICT (organization_id, status, assignee_id)
            DO UPDATE SET count = counts.count + excluded.count;
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql
    `)
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION ticket_status_counts_reset() RETURNS trigger AS $$
      BEGIN
        DELETE FROM ticket_status_counts;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql
    `)
    // Transition tables allow one event per trigger: three triggers, one function.
    this.schema.raw(`
      CREATE TRIGGER ticket_status_counts_insert
        AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ticket_status_counts_track()
    `)
    this.schema.raw(`
      CREATE TRIGGER ticket_status_counts_update
        AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ticket_status_counts_track()
    `)
    this.schema.raw(`
      CREATE TRIGGER ticket_status_counts_delete
        AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ticket_status_counts_track()
    `)
    this.schema.raw(`
      CREATE TRIGGER ticket_status_counts_truncate
        AFTER TRUNCATE ON tickets
        FOR EACH STATEMENT EXECUTE FUNCTION ticket_status_counts_reset()
    `)

    // One grouped pass over the existing tickets (100,000s on the benches).
    this.schema.raw(`
      INSERT INTO ticket_status_counts (organization_id, status, assignee_id, count)
      SELECT organization_id, status, coalesce(assignee_id, 0), count(*)
        FROM tickets
       GROUP BY 1, 2, 3
    `)
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS ticket_status_counts_truncate ON tickets')
    this.schema.raw('DROP TRIGGER IF EXISTS ticket_status_counts_delete ON tickets')
    this.schema.raw('DROP TRIGGER IF EXISTS ticket_status_counts_update ON tickets')
    this.schema.raw('DROP TRIGGER IF EXISTS ticket_status_counts_insert ON tickets')
    this.schema.raw('DROP FUNCTION IF EXISTS ticket_status_counts_reset()')
    this.schema.raw('DROP FUNCTION IF EXISTS ticket_status_counts_track()')
    this.schema.raw('DROP TABLE IF EXISTS ticket_status_counts')
  }
}
