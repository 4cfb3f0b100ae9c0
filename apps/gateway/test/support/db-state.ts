import { connect, type NatsConnection } from 'nats';
import type { Client } from 'pg';

/**
 * Database snapshots and "the system is quiet" checks shared by the fuzz and fault tests.
 * A snapshot is, per table of every non-system schema, its row count and the md5 of its rows
 * (as text, sorted), so any insert, update or delete anywhere shows up as a difference.
 */
export type DbSnapshot = Record<string, { rows: number; md5: string }>;

export async function userTables(pg: Client): Promise<string[]> {
  const { rows } = await pg.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

export async function snapshotDatabase(pg: Client, tables?: string[]): Promise<DbSnapshot> {
  const names = tables ?? (await userTables(pg));
  if (names.length === 0) return {};
  const sql = names
    .map(
      (name, index) =>
        `SELECT ${index} AS i, count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
    )
    .join(' UNION ALL ');
  const { rows } = await pg.query<{ i: number; rows: number; md5: string }>(sql);
  const snapshot: DbSnapshot = {};
  for (const row of rows) snapshot[names[row.i]] = { rows: row.rows, md5: row.md5 };
  return snapshot;
}

/** Tables whose rows differ between two snapshots (empty when equal). */
export function diffSnapshots(before: DbSnapshot, after: DbSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => before[name]?.md5 !== after[name]?.md5 || before[name]?.rows !== after[name]?.rows)
    .map((name) => `${name}: ${before[name]?.rows ?? '-'} -> ${after[name]?.rows ?? '-'} rows`);
}

/** Outbox rows not yet published, over every schema that has an outbox. */
export async function unpublishedOutboxRows(pg: Client): Promise<number> {
  const { rows: tables } = await pg.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_name = 'outbox' AND table_type = 'BASE TABLE'`,
  );
  let total = 0;
  for (const { name } of tables) {
    const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${name} WHERE published_at IS NULL`);
    total += rows[0].n;
  }
  return total;
}

/** Messages of the prefix's streams that some durable consumer has not yet acknowledged. */
export async function unconsumedMessages(nats: NatsConnection, prefix: string): Promise<number> {
  const jsm = await nats.jetstreamManager();
  let total = 0;
  for await (const stream of jsm.streams.names()) {
    if (!stream.startsWith(`${prefix}_`)) continue;
    for await (const consumer of jsm.consumers.list(stream)) {
      total += consumer.num_pending + consumer.num_ack_pending;
    }
  }
  return total;
}

export interface QuietOptions {
  pg: Client;
  natsUrl: string;
  subjectPrefix: string;
  timeoutMs?: number;
}

/**
 * Waits until every outbox is relayed, every consumer of the system's streams is caught up and
 * two snapshots 250 ms apart agree; returns that snapshot. Bounded by `timeoutMs`.
 */
export async function settledSnapshot(options: QuietOptions): Promise<DbSnapshot> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  // NATS_URL may list several servers (a cluster), comma-separated.
  const nats = await connect({ servers: options.natsUrl.split(','), timeout: 5000 });
  try {
    let previous: DbSnapshot | undefined;
    let last = '';
    while (Date.now() < deadline) {
      const outbox = await unpublishedOutboxRows(options.pg);
      const pending = await unconsumedMessages(nats, options.subjectPrefix);
      last = `outbox ${outbox} unpublished, ${pending} unacknowledged messages`;
      if (outbox === 0 && pending === 0) {
        const snapshot = await snapshotDatabase(options.pg);
        if (previous && diffSnapshots(previous, snapshot).length === 0) return snapshot;
        previous = snapshot;
      } else {
        previous = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`The system did not settle within ${options.timeoutMs ?? 20_000} ms (${last})`);
  } finally {
    await nats.close();
  }
}
