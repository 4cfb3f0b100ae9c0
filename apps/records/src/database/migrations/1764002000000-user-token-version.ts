import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserTokenVersion1764002000000 implements MigrationInterface {
  name = 'UserTokenVersion1764002000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Signed into every access token; bumped when a user's roles or password change, so earlier tokens stop working.
    await queryRunner.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 1`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE app_user DROP COLUMN token_version`);
  }
}
