import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialWorkflowSchema1764000100000 implements MigrationInterface {
  name = 'InitialWorkflowSchema1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A workflow is edited as one document (PUT replaces it), so states and transitions are stored with it.
    await queryRunner.query(`
      CREATE TABLE workflow (
        id text PRIMARY KEY,
        schema_id text NOT NULL UNIQUE,
        name text NOT NULL,
        initial_state_id text NOT NULL,
        states jsonb NOT NULL,
        transitions jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE workflow');
  }
}
