import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search: a GIN index on the values answers equality on any attribute and scope by containment
 * (jsonb_path_ops: smaller and faster than the default opclass, and containment is all it serves);
 * updated_at for `updatedSince` and the updatedAt sort.
 */
export class RecordSearchIndexes1764001700000 implements MigrationInterface {
  name = 'RecordSearchIndexes1764001700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX record_values_idx ON record USING gin ("values" jsonb_path_ops);
      CREATE INDEX record_updated_idx ON record (updated_at, id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX record_values_idx; DROP INDEX record_updated_idx;');
  }
}
