import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@sigma/contracts';

/**
 * DDL of the transactional outbox every event-producing service keeps in its own schema.
 * `position` gives the commit-independent insertion order the relay publishes in.
 */
export const OUTBOX_TABLE_SQL = `
  CREATE TABLE outbox (
    position bigserial PRIMARY KEY,
    id text NOT NULL UNIQUE,
    type text NOT NULL,
    aggregate_id text NOT NULL,
    envelope jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
  );
  CREATE INDEX outbox_unpublished_idx ON outbox (position) WHERE published_at IS NULL;
`;

/** Appends events in the caller's transaction: they exist exactly when the change commits. */
export async function appendToOutbox(
  manager: EntityManager,
  events: readonly EventEnvelope<string, unknown>[],
): Promise<void> {
  if (events.length === 0) return;
  const params: unknown[] = [];
  const rows = events.map((event, index) => {
    params.push(event.id, event.type, event.aggregateId, JSON.stringify(event));
    const base = index * 4;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb)`;
  });
  // One statement, one round trip: the rows, and the notification that wakes the relay (channel
  // OUTBOX_CHANNEL of @sigma/messaging) without polling. PostgreSQL delivers it on commit only.
  await manager.query(
    `WITH appended AS (INSERT INTO outbox (id, type, aggregate_id, envelope) VALUES ${rows.join(', ')})
     SELECT pg_notify('sigma_outbox', current_schema())`,
    params,
  );
}
