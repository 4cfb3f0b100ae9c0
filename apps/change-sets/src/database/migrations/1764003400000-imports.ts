import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Imports: a file read into a draft change set, with its progress and the first row errors. */
export class Imports1764003400000 implements MigrationInterface {
  name = 'Imports1764003400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE import_job (
        id text PRIMARY KEY,
        schema_id text NOT NULL,
        status text NOT NULL,
        source jsonb NOT NULL,
        key_column text NOT NULL,
        mapping jsonb,
        columns jsonb,
        change_set_id text NOT NULL REFERENCES change_set(id) ON DELETE CASCADE,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        rows_read integer NOT NULL DEFAULT 0,
        created_count integer NOT NULL DEFAULT 0,
        updated_count integer NOT NULL DEFAULT 0,
        unchanged_rows integer NOT NULL DEFAULT 0,
        error_count integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        failure text
      );
      CREATE INDEX import_job_change_set_idx ON import_job (change_set_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE import_job');
  }
}
