import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a reviewer decided a submission, for review insights (time to decision). Sets approved
 * before this carry their approval time; earlier rejections and revision requests have none.
 */
export class DecidedAt1764004800000 implements MigrationInterface {
  name = 'DecidedAt1764004800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE change_set ADD COLUMN decided_at timestamptz;
      UPDATE change_set SET decided_at = approved_at WHERE approved_at IS NOT NULL;
      CREATE INDEX change_set_submitted_idx ON change_set (submitted_at) WHERE submitted_at IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX change_set_submitted_idx; ALTER TABLE change_set DROP COLUMN decided_at');
  }
}
