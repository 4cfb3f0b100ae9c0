import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@sigma/db';

export class InitialRecordsSchema1764000000000 implements MigrationInterface {
  name = 'InitialRecordsSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dimension (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE segment (
        dimension_id text NOT NULL REFERENCES dimension (id) ON DELETE CASCADE,
        id text NOT NULL,
        name text NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (dimension_id, id)
      );
      CREATE TABLE record_schema (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text,
        initial_lifecycle_state_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE attribute (
        schema_id text NOT NULL REFERENCES record_schema (id) ON DELETE CASCADE,
        alias text NOT NULL,
        name text NOT NULL,
        data_type text NOT NULL,
        dimension_ids text[] NOT NULL DEFAULT '{}',
        rules jsonb NOT NULL DEFAULT '{}',
        guard jsonb,
        position integer NOT NULL,
        PRIMARY KEY (schema_id, alias)
      );
      CREATE TABLE app_user (
        id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE record (
        id text PRIMARY KEY,
        schema_id text NOT NULL REFERENCES record_schema (id),
        lifecycle_state_id text NOT NULL,
        parent_id text REFERENCES record (id),
        version integer NOT NULL DEFAULT 1,
        "values" jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_by text NOT NULL
      );
      -- The list endpoint filters by schema and state and pages in creation order.
      CREATE INDEX record_schema_state_idx ON record (schema_id, lifecycle_state_id, created_at, id);
      CREATE INDEX record_state_idx ON record (lifecycle_state_id, created_at, id);
      CREATE INDEX record_created_idx ON record (created_at, id);
      CREATE INDEX record_parent_idx ON record (parent_id) WHERE parent_id IS NOT NULL;
      -- Values of unique attributes, one row each: the primary key makes uniqueness race-free.
      CREATE TABLE unique_value (
        attribute_alias text NOT NULL,
        scope_key text NOT NULL,
        value_key text NOT NULL,
        record_id text NOT NULL REFERENCES record (id) ON DELETE CASCADE,
        PRIMARY KEY (attribute_alias, scope_key, value_key)
      );
      CREATE INDEX unique_value_record_idx ON unique_value (record_id);
    `);
    await queryRunner.query(OUTBOX_TABLE_SQL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE outbox; DROP TABLE unique_value; DROP TABLE record; DROP TABLE app_user;
      DROP TABLE attribute; DROP TABLE record_schema; DROP TABLE segment; DROP TABLE dimension;
    `);
  }
}
