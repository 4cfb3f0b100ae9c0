import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1764001100000 implements MigrationInterface {
  name = 'IdempotencyKeys1764001100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // HTTP Idempotency-Key memory for the gateway: status NULL while the first request is in flight.
    await queryRunner.query(`
      CREATE TABLE idempotency_key (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE idempotency_key');
  }
}
