import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialChangeSetsSchema1764000500000 implements MigrationInterface {
  name = 'InitialChangeSetsSchema1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE change_set (
        id text PRIMARY KEY,
        title text NOT NULL,
        description text,
        source jsonb NOT NULL,
        source_type text NOT NULL,
        -- Who the source is, for "active sources": its id when given, else its type and name.
        source_key text NOT NULL,
        status text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        submitted_at timestamptz,
        approved_at timestamptz,
        applied_at timestamptz,
        revision_count integer NOT NULL DEFAULT 0,
        review_note text,
        feedback_summary jsonb,
        apply_result jsonb,
        schema_ids text[] NOT NULL DEFAULT '{}'
      );
      CREATE INDEX change_set_created_idx ON change_set (created_at DESC, id DESC);
      CREATE INDEX change_set_status_idx ON change_set (status, created_at DESC);

      CREATE TABLE operation (
        id text PRIMARY KEY,
        change_set_id text NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
        position integer NOT NULL,
        type text NOT NULL,
        entity_id text,
        schema_id text NOT NULL,
        entity_name text,
        entity_sku text,
        status text NOT NULL,
        review_note text,
        changes jsonb NOT NULL,
        error jsonb,
        -- The apply saga, per operation: pending -> requested (records applied it; events known)
        -- -> confirmed (audit recorded every event) | failed | skipped.
        apply_state text,
        event_ids text[]
      );
      CREATE INDEX operation_change_set_idx ON operation (change_set_id, position);
      CREATE INDEX operation_entity_idx ON operation (entity_id) WHERE entity_id IS NOT NULL;
      CREATE INDEX operation_apply_idx ON operation (change_set_id, apply_state) WHERE apply_state IN ('pending', 'requested');

      CREATE TABLE annotation (
        id text PRIMARY KEY,
        change_set_id text NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
        operation_id text NOT NULL REFERENCES operation (id) ON DELETE CASCADE,
        attribute_alias text NOT NULL,
        text text NOT NULL,
        start_offset integer NOT NULL,
        end_offset integer NOT NULL,
        sentiment text NOT NULL,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX annotation_change_set_idx ON annotation (change_set_id);

      CREATE TABLE message (
        id text PRIMARY KEY,
        change_set_id text NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
        operation_id text,
        author_id text NOT NULL,
        author_name text NOT NULL,
        author_type text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX message_change_set_idx ON message (change_set_id, created_at);

      -- The apply saga log: a run exists from the moment apply starts until it completes.
      CREATE TABLE apply_run (
        change_set_id text PRIMARY KEY REFERENCES change_set (id) ON DELETE CASCADE,
        status text NOT NULL,
        actor jsonb NOT NULL,
        request_id text,
        started_at timestamptz NOT NULL,
        finished_at timestamptz
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE apply_run; DROP TABLE message; DROP TABLE annotation; DROP TABLE operation; DROP TABLE change_set;');
  }
}
