import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottle1764002200000 implements MigrationInterface {
  name = 'LoginThrottle1764002200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Consecutive failed sign-ins per username (known or not), shared by every gateway replica.
    // Rows without a failure for an hour are pruned as new failures come in.
    await queryRunner.query(`
      CREATE TABLE login_throttle (
        username text PRIMARY KEY,
        failures integer NOT NULL,
        locked_until timestamptz,
        last_failure_at timestamptz NOT NULL
      );
      CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE login_throttle');
  }
}
