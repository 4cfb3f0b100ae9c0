import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys are now claimed and answered inside the write's own transaction, so there is
 * no "in flight" row any more: rows without a response were claims of the old protocol.
 */
export class IdempotencyWithTheWrite1764001500000 implements MigrationInterface {
  name = 'IdempotencyWithTheWrite1764001500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DELETE FROM idempotency_key WHERE status IS NULL;
      ALTER TABLE idempotency_key DROP COLUMN status;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_key ADD COLUMN status integer');
  }
}
