import type { MigrationInterface, QueryRunner } from 'typeorm';
import { IDEMPOTENCY_TABLE_SQL } from '@sigma/db';

/** Idempotency-Keys of change-set creation and apply, stored with those writes in this schema. */
export class IdempotencyKeys1764001600000 implements MigrationInterface {
  name = 'IdempotencyKeys1764001600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(IDEMPOTENCY_TABLE_SQL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_key');
  }
}
