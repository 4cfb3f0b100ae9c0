import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The apply takes the next chunk of pending operations in set order: with this index it reads
 * them in order instead of sorting every pending operation of a large set for each chunk.
 */
export class ApplyPendingOrder1764004700000 implements MigrationInterface {
  name = 'ApplyPendingOrder1764004700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX operation_apply_pending_idx ON operation (change_set_id, position) WHERE apply_state = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX operation_apply_pending_idx');
  }
}
