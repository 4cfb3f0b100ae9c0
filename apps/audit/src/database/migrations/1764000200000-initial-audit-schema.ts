import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialAuditSchema1764000200000 implements MigrationInterface {
  name = 'InitialAuditSchema1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_entry (
        id text PRIMARY KEY,
        -- The event's id: a redelivered event hits this constraint and writes nothing.
        event_id text NOT NULL UNIQUE,
        event_type text NOT NULL,
        entity_id text NOT NULL,
        -- The record version the event produced: commit order within one record.
        sequence integer NOT NULL,
        user_id text NOT NULL,
        occurred_at timestamptz NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL,
        change_set_id text,
        operation_id text,
        request_id text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_entry_entity_idx ON audit_entry (entity_id, sequence);
      CREATE INDEX audit_entry_change_set_idx ON audit_entry (change_set_id) WHERE change_set_id IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_entry');
  }
}
