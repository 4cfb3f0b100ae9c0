import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's progress as counters on the run, moved by the same statements that move operations:
 * counting a large set's operations for every progress read cost more than applying a chunk.
 */
export class ApplyRunProgress1764004900000 implements MigrationInterface {
  name = 'ApplyRunProgress1764004900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE apply_run
        ADD COLUMN applied integer NOT NULL DEFAULT 0,
        ADD COLUMN failed integer NOT NULL DEFAULT 0,
        ADD COLUMN total integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      UPDATE apply_run r SET applied = c.applied, failed = c.failed, total = c.total
      FROM (SELECT change_set_id,
                   count(*) FILTER (WHERE apply_state = 'confirmed')::int AS applied,
                   count(*) FILTER (WHERE apply_state = 'failed')::int AS failed,
                   count(*) FILTER (WHERE apply_state <> 'skipped')::int AS total
            FROM operation WHERE apply_state IS NOT NULL GROUP BY change_set_id) c
      WHERE c.change_set_id = r.change_set_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE apply_run DROP COLUMN applied, DROP COLUMN failed, DROP COLUMN total');
  }
}
