import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialWebhooksSchema1764004000000 implements MigrationInterface {
  name = 'InitialWebhooksSchema1764004000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subscription (
        id text PRIMARY KEY,
        url text NOT NULL,
        event_types text[] NOT NULL,
        -- Kept in clear: every delivery is signed with it (HMAC needs the key itself).
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        description text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- One row per consumed event: a redelivered event hits the key and fans out nothing.
      CREATE TABLE processed_event (
        event_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX processed_event_age_idx ON processed_event (processed_at);
      CREATE TABLE delivery (
        id text PRIMARY KEY,
        subscription_id text NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
        event_id text NOT NULL,
        event_type text NOT NULL,
        -- The exact bytes sent and signed, the same on every attempt.
        body text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'failed', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        -- When the worker may take it next; a claim pushes it past the request timeout (a lease).
        next_attempt_at timestamptz,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      );
      CREATE INDEX delivery_due_idx ON delivery (next_attempt_at) WHERE status IN ('pending', 'failed');
      CREATE INDEX delivery_list_idx ON delivery (subscription_id, status, created_at DESC);
      CREATE TABLE delivery_attempt (
        id bigserial PRIMARY KEY,
        delivery_id text NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        at timestamptz NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL
      );
      CREATE INDEX delivery_attempt_delivery_idx ON delivery_attempt (delivery_id, id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE delivery_attempt; DROP TABLE delivery; DROP TABLE processed_event; DROP TABLE subscription');
  }
}
