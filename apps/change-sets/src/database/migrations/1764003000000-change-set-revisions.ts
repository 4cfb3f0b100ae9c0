import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each submission of a set is a numbered revision: `change_set.revision` is the latest number
 * (0 for a draft), `change_set_revision` lists them and `change_set_revision_operation` keeps
 * what each proposed, so a later revision can be compared with it. Sets submitted before this
 * migration get their current operations as their latest revision (earlier ones were not kept):
 * request-revision counted `revision_count`, and every resubmit followed a request.
 */
export class ChangeSetRevisions1764003000000 implements MigrationInterface {
  name = 'ChangeSetRevisions1764003000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE change_set ADD COLUMN revision integer NOT NULL DEFAULT 0;
      UPDATE change_set SET revision = revision_count + CASE WHEN status = 'revision_requested' THEN 0 ELSE 1 END
        WHERE submitted_at IS NOT NULL;

      CREATE TABLE change_set_revision (
        change_set_id text NOT NULL REFERENCES change_set (id) ON DELETE CASCADE,
        revision integer NOT NULL,
        submitted_at timestamptz NOT NULL,
        submitted_by text NOT NULL,
        operation_count integer NOT NULL,
        PRIMARY KEY (change_set_id, revision)
      );

      CREATE TABLE change_set_revision_operation (
        change_set_id text NOT NULL,
        revision integer NOT NULL,
        operation_id text NOT NULL,
        position integer NOT NULL,
        type text NOT NULL,
        entity_id text,
        schema_id text NOT NULL,
        -- The proposal only (attributeAlias, scope, oldValue, newValue, ...): no ratings or annotations.
        changes jsonb NOT NULL,
        PRIMARY KEY (change_set_id, revision, operation_id),
        FOREIGN KEY (change_set_id, revision) REFERENCES change_set_revision (change_set_id, revision) ON DELETE CASCADE
      );

      INSERT INTO change_set_revision (change_set_id, revision, submitted_at, submitted_by, operation_count)
        SELECT cs.id, cs.revision, cs.submitted_at, cs.created_by, (SELECT count(*) FROM operation o WHERE o.change_set_id = cs.id)
        FROM change_set cs WHERE cs.revision > 0;
      INSERT INTO change_set_revision_operation (change_set_id, revision, operation_id, position, type, entity_id, schema_id, changes)
        SELECT o.change_set_id, cs.revision, o.id, o.position, o.type, o.entity_id, o.schema_id,
               coalesce((SELECT jsonb_agg(c - 'rating' - 'annotations' ORDER BY n) FROM jsonb_array_elements(o.changes) WITH ORDINALITY AS x(c, n)), '[]')
        FROM operation o JOIN change_set cs ON cs.id = o.change_set_id WHERE cs.revision > 0;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE change_set_revision_operation; DROP TABLE change_set_revision; ALTER TABLE change_set DROP COLUMN revision;');
  }
}
