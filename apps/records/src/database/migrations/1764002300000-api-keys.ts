import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1764002300000 implements MigrationInterface {
  name = 'ApiKeys1764002300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A service account has no usable password and signs in only with API keys. Keys are stored as
    // SHA-256 hashes (the keys are 256-bit random, so no slow hash is needed) and die with their owner.
    await queryRunner.query(`
      ALTER TABLE app_user ADD COLUMN service_account boolean NOT NULL DEFAULT false;
      CREATE TABLE api_key (
        id text PRIMARY KEY,
        key_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        name text NOT NULL,
        user_id text NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        role text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_key_user_idx ON api_key (user_id, created_at);
      CREATE INDEX api_key_created_idx ON api_key (created_at, id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_key; ALTER TABLE app_user DROP COLUMN service_account;');
  }
}
