import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Completeness as a searchable projection. `completeness_rule`: each schema's workflow states and
 * required attributes, pushed by the workflow service (which owns them). `record_completeness`: every
 * record's score in every state of its schema's rule, written by the record write path in the write's
 * transaction and stamped with the record version it was scored on. `completeness_rescore`: schemas
 * whose records are re-scored in bounded batches (rule, schema or dimension changed), with the last id done.
 * No backfill here: the rules arrive when the workflow service starts and pushes them, which queues
 * the re-score of each schema's existing records.
 */
export class RecordCompleteness1764002500000 implements MigrationInterface {
  name = 'RecordCompleteness1764002500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE completeness_rule (
        schema_id text PRIMARY KEY REFERENCES record_schema (id) ON DELETE CASCADE,
        workflow_id text NOT NULL,
        states jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE record_completeness (
        record_id text NOT NULL REFERENCES record (id) ON DELETE CASCADE,
        state_id text NOT NULL,
        filled integer NOT NULL,
        required integer NOT NULL,
        percent smallint NOT NULL,
        complete boolean GENERATED ALWAYS AS (filled = required) STORED,
        record_version integer NOT NULL,
        PRIMARY KEY (record_id, state_id)
      );
      CREATE INDEX record_completeness_percent_idx ON record_completeness (state_id, percent, record_id);
      CREATE INDEX record_completeness_complete_idx ON record_completeness (state_id, record_id) WHERE complete;
      CREATE TABLE completeness_rescore (
        schema_id text PRIMARY KEY REFERENCES record_schema (id) ON DELETE CASCADE,
        after_id text,
        requested_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE completeness_rescore; DROP TABLE record_completeness; DROP TABLE completeness_rule;');
  }
}
