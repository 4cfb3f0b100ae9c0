import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AppliedOperations1764000900000 implements MigrationInterface {
  name = 'AppliedOperations1764000900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The idempotency memory of change-set apply: written in the same transaction as the operation's changes.
    await queryRunner.query(`
      CREATE TABLE applied_operation (
        operation_id text PRIMARY KEY,
        change_set_id text NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX applied_operation_change_set_idx ON applied_operation (change_set_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE applied_operation');
  }
}
