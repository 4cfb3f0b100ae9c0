import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RefreshTokens1764002100000 implements MigrationInterface {
  name = 'RefreshTokens1764002100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Only SHA-256 hashes of the tokens. A family is one login's chain of rotations: a used token is
    // kept (used_at) until it expires, so presenting it again is recognised as reuse.
    await queryRunner.query(`
      CREATE TABLE refresh_token (
        token_hash text PRIMARY KEY,
        family_id text NOT NULL,
        user_id text NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        token_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX refresh_token_family_idx ON refresh_token (family_id);
      CREATE INDEX refresh_token_user_idx ON refresh_token (user_id, created_at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE refresh_token');
  }
}
