/**
 * Raw baselines measured in the same run as the cases:
 *  (a) node:http + pg SELECT by primary key (raw-server.ts, its own process) under the same load as case 1;
 *  (b) the INSERTs one create commits (record, unique sku, outbox event), in a plain loop (a transaction
 *      per record) and all in one transaction; and case 6's updates as raw SQL in one transaction;
 *  (c) a NATS request/reply echo round trip (raw-server.ts answers).
 * Writes go to a scratch schema (LIKE the records tables, with their indexes), dropped afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@sigma/db';
import { RecordCounts1764001300000 } from '../../apps/records/src/database/migrations/1764001300000-record-counts';
import { repoRoot } from '@sigma/config';
import { createValues } from './data';
import { latency, type Latency, sleep } from './stats';
import { rssMb } from './system';

const ROOT = repoRoot(__dirname);

export interface RawServer {
  origin: string;
  pid?: number;
  echoSubject: string;
  stop(): Promise<void>;
}

export async function startRawServer(databaseUrl: string, natsUrl: string): Promise<RawServer> {
  const echoSubject = `bench_${randomBytes(4).toString('hex')}.echo`;
  const child: ChildProcess = spawn(process.execPath, [require.resolve('./raw-server')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, BENCH_ECHO_SUBJECT: echoSubject },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`raw server did not start:\n${output}`)), 30000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`raw server exited (${code}):\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid,
    echoSubject,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

const FLOOR_SCRIPT =
  "require('pg'); require('nats'); require('node:http').createServer(() => undefined).listen(0, '127.0.0.1', () => console.log('ready'));";

/** RSS (MB) of a bare node process that loads pg, nats and node:http: the floor under any service. */
export async function runtimeFloor(): Promise<{ plainMb?: number }> {
  const measure = async (args: string[]) => {
    const child = spawn(process.execPath, [...args, '-e', FLOOR_SCRIPT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('runtime floor probe did not start')), 20000);
        child.stdout?.on('data', () => (clearTimeout(timer), resolve()));
        child.once('exit', () => (clearTimeout(timer), reject(new Error('runtime floor probe exited'))));
      });
      await sleep(1000);
      return child.pid ? rssMb(child.pid) : undefined;
    } finally {
      child.kill('SIGKILL');
    }
  };
  return { plainMb: await measure([]) };
}

export interface EchoResult {
  /** One request in flight at a time. */
  roundTrip: Latency;
  /** 32 in flight. */
  reqPerSec: number;
  concurrent: Latency;
}

/** (c) NATS request/reply echo: sequential round trips, then 32 in flight for `seconds`. */
export async function natsEcho(natsUrl: string, subject: string, samples: number, seconds: number): Promise<EchoResult> {
  const nats: NatsConnection = await connect({ servers: natsUrl.split(','), name: 'bench-echo-client' });
  try {
    const payload = new TextEncoder().encode(JSON.stringify({ context: { requestId: 'bench' }, data: { id: 'ent-b0000000000' } }));
    const times: number[] = [];
    for (let i = 0; i < samples + 50; i++) {
      const started = performance.now();
      await nats.request(subject, payload, { timeout: 5000 });
      if (i >= 50) times.push(performance.now() - started);
    }
    const concurrent: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline && concurrent.length < 1_000_000) {
        const started = performance.now();
        await nats.request(subject, payload, { timeout: 5000 });
        concurrent.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 32 }, worker));
    const elapsed = (performance.now() - started) / 1000;
    return { roundTrip: latency(times), reqPerSec: concurrent.length / elapsed, concurrent: latency(concurrent) };
  } finally {
    await nats.close();
  }
}

export interface RawSql {
  schema: string;
  /** (b) loop: records/s, each record's INSERTs committed on their own, one after another. */
  insertLoop(count: number): Promise<{ perSecond: number; seconds: number }>;
  /** (b) batched: records/s, the same INSERTs for `count` records in one transaction. */
  insertBatched(count: number): Promise<{ perSecond: number; seconds: number }>;
  /**
   * (b) concurrent, the equal-work baseline of case 2: each record's INSERTs (record with its count
   * triggers, unique value, outbox row with its notification) in its own transaction, from
   * `connections` clients at once, as the benched system is driven.
   */
  insertConcurrent(count: number, connections: number): Promise<{ perSecond: number; seconds: number }>;
  /** Case 6 raw, per row (history): per operation lock, jsonb update and outbox event, all in one transaction. */
  updateBatched(targets: { id: string; material: string }[]): Promise<{ perSecond: number; seconds: number }>;
  /** Case 6 raw, set-based, the equal-work baseline: the same updates and their outbox events as set-based statements in one transaction. */
  updateSetBased(targets: { id: string; material: string }[]): Promise<{ perSecond: number; seconds: number }>;
  drop(): Promise<void>;
}

export async function openRawSql(databaseUrl: string): Promise<RawSql> {
  const schema = `bench_raw_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-raw-sql' });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`CREATE TABLE ${schema}.record (LIKE records.record INCLUDING DEFAULTS INCLUDING INDEXES)`);
  await client.query(`CREATE TABLE ${schema}.unique_value (LIKE records.unique_value INCLUDING DEFAULTS INCLUDING INDEXES)`);
  await client.query(`SET search_path = ${schema}`);
  await client.query(OUTBOX_TABLE_SQL);
  // The record-count triggers the service's table has, created by the service's own migration in this
  // schema (its functions bind this search_path); LIKE already copied the index the migration adds.
  await new RecordCounts1764001300000().up({ query: (sql: string) => client.query(sql) } as unknown as QueryRunner);
  await client.query('DROP INDEX record_schema_created_idx');
  const tag = randomBytes(3).toString('hex').toUpperCase();
  let serial = 0;

  const insertOne = async (on: Client = client) => {
    const index = serial++;
    const id = `ent-r${tag}${index}`;
    const sku = `RAW${tag}-${index}`;
    const values = createValues(sku, index);
    const now = new Date();
    await on.query(
      `INSERT INTO record (id, schema_id, lifecycle_state_id, parent_id, version, "values", created_at, updated_at, created_by, updated_by)
       VALUES ($1, 'schema-apparel', 'state-draft', NULL, 1, $2, $3, $3, 'user-admin', 'user-admin')`,
      [id, JSON.stringify(values), now],
    );
    await on.query(`INSERT INTO unique_value (attribute_alias, scope_key, value_key, record_id) VALUES ('sku', '', $1, $2)`, [JSON.stringify(sku), id]);
    const changes = Object.entries(values).flatMap(([alias, list]) => list.map((v) => ({ attributeAlias: alias, scope: v.scope, oldValue: null, newValue: v.value })));
    const eventId = `evt_r${tag}${index}`;
    const envelope = { id: eventId, type: 'record.created', occurredAt: now.toISOString(), aggregateId: id, sequence: 1, userId: 'user-admin', payload: { schemaId: 'schema-apparel', changes, record: { id, values } } };
    // As the service appends: the row and the relay's wake-up in one statement (on a channel no relay listens to).
    await on.query(
      `WITH appended AS (INSERT INTO outbox (id, type, aggregate_id, envelope) VALUES ($1, 'record.created', $2, $3::jsonb)) SELECT pg_notify('sigma_outbox_bench', current_schema())`,
      [eventId, id, JSON.stringify(envelope)],
    );
  };

  const timed = async (count: number, body: () => Promise<void>) => {
    const started = performance.now();
    await body();
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: count / seconds, seconds };
  };

  return {
    schema,
    insertLoop: async (count) => {
      for (let i = 0; i < Math.min(20, count); i++) await insertOne(); // warm-up
      return timed(count, async () => {
        for (let i = 0; i < count; i++) {
          await client.query('BEGIN');
          await insertOne();
          await client.query('COMMIT');
        }
      });
    },
    insertConcurrent: async (count, connections) => {
      const clients = await Promise.all(
        Array.from({ length: connections }, async () => {
          const own = new Client({ connectionString: databaseUrl, application_name: 'bench-raw-sql' });
          await own.connect();
          await own.query(`SET search_path = ${schema}`);
          return own;
        }),
      );
      try {
        let left = count;
        const worker = async (own: Client) => {
          while (left-- > 0) {
            await own.query('BEGIN');
            await insertOne(own);
            await own.query('COMMIT');
          }
        };
        return await timed(count, async () => {
          await Promise.all(clients.map(worker));
        });
      } finally {
        await Promise.all(clients.map((own) => own.end().catch(() => undefined)));
      }
    },
    insertBatched: async (count) =>
      timed(count, async () => {
        await client.query('BEGIN');
        for (let i = 0; i < count; i++) await insertOne();
        await client.query('COMMIT');
      }),
    updateBatched: async (targets) => {
      await client.query(`INSERT INTO record SELECT * FROM records.record WHERE id = ANY($1) ON CONFLICT DO NOTHING`, [targets.map((t) => t.id)]);
      return timed(targets.length, async () => {
        await client.query('BEGIN');
        for (const [index, target] of targets.entries()) {
          const { rows } = await client.query<{ version: number }>('SELECT version FROM record WHERE id = $1 FOR UPDATE', [target.id]);
          const value = `Raw material ${index}`;
          await client.query(
            `UPDATE record SET "values" = jsonb_set("values", '{material}', $2::jsonb), version = version + 1, updated_at = now(), updated_by = 'user-admin' WHERE id = $1`,
            [target.id, JSON.stringify([{ scope: {}, value }])],
          );
          const eventId = `evt_u${tag}${index}`;
          const envelope = { id: eventId, type: 'record.updated', aggregateId: target.id, sequence: (rows[0]?.version ?? 1) + 1, payload: { changes: [{ attributeAlias: 'material', scope: {}, oldValue: target.material, newValue: value }] } };
          await client.query(`INSERT INTO outbox (id, type, aggregate_id, envelope) VALUES ($1, 'record.updated', $2, $3::jsonb)`, [eventId, target.id, JSON.stringify(envelope)]);
        }
        await client.query('COMMIT');
      });
    },
    updateSetBased: async (targets) => {
      await client.query(`INSERT INTO record SELECT * FROM records.record WHERE id = ANY($1) ON CONFLICT DO NOTHING`, [targets.map((t) => t.id)]);
      const ids = targets.map((target) => target.id);
      const olds = targets.map((target) => target.material);
      const values = targets.map((_, index) => `Raw set material ${index}`);
      return timed(targets.length, async () => {
        // One transaction: every row updated and its event appended, as two set-based statements.
        await client.query('BEGIN');
        await client.query(
          `WITH updated AS (
             UPDATE record r SET "values" = jsonb_set(r."values", '{material}', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', u.value))),
                    version = r.version + 1, updated_at = now(), updated_by = 'user-admin'
               FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, old, value) WHERE r.id = u.id
             RETURNING r.id, r.version, u.old, u.value)
           INSERT INTO outbox (id, type, aggregate_id, envelope)
           SELECT 'evt_s' || $4 || updated.id, 'record.updated', updated.id,
                  jsonb_build_object('id', 'evt_s' || $4 || updated.id, 'type', 'record.updated', 'aggregateId', updated.id, 'sequence', updated.version,
                    'payload', jsonb_build_object('changes', jsonb_build_array(jsonb_build_object('attributeAlias', 'material', 'scope', '{}'::jsonb, 'oldValue', updated.old, 'newValue', updated.value))))
             FROM updated`,
          [ids, olds, values, tag],
        );
        await client.query('COMMIT');
      });
    },
    drop: async () => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
