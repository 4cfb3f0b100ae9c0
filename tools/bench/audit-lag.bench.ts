import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import {
  type Actor,
  AUDIT_RECORDED_SUBJECT,
  type AuditEntriesRecorded,
  Consumers,
  type RecordDto,
  RecordEvents,
  type RpcReplyEnvelope,
  type RpcRequestEnvelope,
  Streams,
} from '@sigma/contracts';
import { dropDatabase, ensureDatabase } from '@sigma/db';
import { deleteStreams } from '@sigma/messaging';
import { startAuditService } from '../../apps/audit/src/bootstrap';
import { startRecordsService } from '../../apps/records/src/bootstrap';

/**
 * Audit lag: the time from a record's commit (the create reply reaching the client) until its
 * audit entry is durable (the `audit.entry.recorded` confirmation naming the create event reaches
 * the client), with records, its outbox relay and the audit consumer running in this process on
 * a fresh database. Writes go through the records service over NATS at a bounded rate.
 *
 * Raw baseline from the same run: a NATS core publish→subscribe round trip and a single-row
 * autocommit PostgreSQL INSERT, the two hops the pipeline cannot do without.
 *
 *   npm run build && node dist/tools/bench/audit-lag.bench.js [--quick] [--records=N] [--rate=N]
 *
 * The PostgreSQL server comes from DATABASE_URL (a fresh database is created on it and dropped
 * afterwards; the named database itself is never touched), NATS from NATS_URL; both default to
 * the local servers.
 */

export interface AuditLagBenchOptions {
  /** Records to create and measure (default 1000; 100 with `quick`). */
  records?: number;
  /**
   * Creates started per second (default 50): below what records, relay and audit sharing this one
   * process sustain on a busy 2-core machine, so the figure is the pipeline's lag, not a queue.
   */
  ratePerSecond?: number;
  /** Most creates in flight at once (default 32). */
  maxInFlight?: number;
  /** Baseline samples of each kind (default 1000; 200 with `quick`). */
  baselineSamples?: number;
  quick?: boolean;
  /** A URL of the PostgreSQL server to use; a fresh database is created there. Default: DATABASE_URL or local. */
  databaseUrl?: string;
  natsUrl?: string;
  /** How long to wait for the last confirmations (default 30 s). */
  settleTimeoutMs?: number;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface AuditLagBenchResult {
  case: 'audit-lag';
  records: number;
  ratePerSecond: number;
  /** Creates per second actually achieved. */
  achievedRatePerSecond: number;
  /** Commit (create reply) → audit entry confirmed, in ms. */
  lagMs: Percentiles;
  targetP99Ms: number;
  meetsTarget: boolean;
  /** Create request → reply, in ms (the write itself, for context). */
  createMs: Percentiles;
  /** Confirmations that arrived before the create reply did (counted as 0 ms lag). */
  confirmedBeforeReply: number;
  /** Records whose entry was never confirmed within the settle timeout (must be 0). */
  missing: number;
  /**
   * Where the lag goes, from PostgreSQL's clock and this process's (one machine): create reply →
   * relay transaction start (negative: the relay started before the reply arrived), → audit INSERT
   * start, → confirmation received.
   */
  stagesMs: {
    replyToRelay: { p50: number; p99: number };
    relayToAuditInsert: { p50: number; p99: number };
    auditInsertToConfirmation: { p50: number; p99: number };
  };
  baseline: {
    natsRoundTripMs: { p50: number; p99: number };
    pgInsertMs: { p50: number; p99: number };
  };
  ratios: {
    lagP50OverNatsP50: number;
    lagP99OverNatsP99: number;
    lagP50OverPgInsertP50: number;
    lagP99OverPgInsertP99: number;
  };
}

const TARGET_P99_MS = 100;
const ADMIN: Actor = { userId: 'user-admin', roles: ['role-admin'] };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function runAuditLagBench(options: AuditLagBenchOptions = {}): Promise<AuditLagBenchResult> {
  const quick = options.quick ?? false;
  const count = options.records ?? (quick ? 100 : 1000);
  const rate = options.ratePerSecond ?? 50;
  const maxInFlight = options.maxInFlight ?? 32;
  const baselineSamples = options.baselineSamples ?? (quick ? 200 : 1000);
  const log = options.log ?? (() => undefined);
  const suffix = randomBytes(5).toString('hex');
  const server = new URL(options.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  server.pathname = `/pim_bench_audit_${suffix}`;
  const databaseUrl = server.toString();
  const natsUrl = options.natsUrl ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const prefix = `bench_${suffix}`;

  const apps: INestApplicationContext[] = [];
  let pg: Client | undefined;
  // Connected first, so the clean-up can always delete the streams the services create.
  const nats = await connect({ servers: natsUrl.split(','), name: 'audit-lag-bench' });
  try {
    await ensureDatabase(databaseUrl);
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      NATS_URL: natsUrl,
      NATS_SUBJECT_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    };
    log(`starting records and audit on ${server.pathname.slice(1)} (prefix ${prefix})`);
    apps.push(await startRecordsService(env));
    apps.push(await startAuditService(env));
    pg = new Client({ connectionString: databaseUrl });
    await pg.connect();

    const confirmedAt = new Map<string, number>();
    const subscription = nats.subscribe(`${prefix}.${AUDIT_RECORDED_SUBJECT}`, {
      callback: (error, message) => {
        if (error) return;
        const now = performance.now();
        for (const entry of (JSON.parse(decoder.decode(message.data)) as AuditEntriesRecorded).entries)
          if (!confirmedAt.has(entry.eventId)) confirmedAt.set(entry.eventId, now);
      },
    });
    await nats.flush();

    let requestCounter = 0;
    const create = async (sku: string): Promise<RecordDto> => {
      const envelope: RpcRequestEnvelope = {
        context: { requestId: `bench-${suffix}-${++requestCounter}`, actor: ADMIN },
        data: { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }], 'product-name': [{ scope: {}, value: `Bench ${sku}` }] } },
      };
      const reply = await nats.request(`${prefix}.records.record.create`, encoder.encode(JSON.stringify(envelope)), { timeout: 15000 });
      const parsed = JSON.parse(decoder.decode(reply.data)) as RpcReplyEnvelope<RecordDto>;
      if (!parsed.ok) throw new Error(`create ${sku} failed: ${JSON.stringify(parsed.error)}`);
      return parsed.data;
    };

    // Warm-up (not measured): the demo workspace's events and a few creates through the whole pipeline.
    const warmUp = Math.min(50, Math.max(10, Math.round(count / 10)));
    for (let index = 0; index < warmUp; index++) await create(`WARM-${suffix.toUpperCase()}-${index}`);
    await settle(pg, nats, prefix, options.settleTimeoutMs ?? 30000);

    log(`measuring ${count} creates at ${rate}/s (at most ${maxInFlight} in flight)`);
    const replyAt = new Map<string, number>();
    const createMs: number[] = [];
    const interval = 1000 / rate;
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; index < count; index++) {
      const due = started + index * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const sent = performance.now();
      const request: Promise<void> = create(`BENCH-${suffix.toUpperCase()}-${index}`).then((record) => {
        const now = performance.now();
        replyAt.set(record.id, now);
        createMs.push(now - sent);
      });
      const tracked = request.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    const writeSeconds = (performance.now() - started) / 1000;

    // Each record's create event, by id, from the outbox the records service committed it to.
    const ids = [...replyAt.keys()];
    const { rows } = await pg.query<{ id: string; aggregate_id: string }>(
      'SELECT id, aggregate_id FROM records.outbox WHERE aggregate_id = ANY($1) AND type = $2',
      [ids, RecordEvents.created],
    );
    const eventOf = new Map(rows.map((row) => [row.aggregate_id, row.id]));
    const deadline = Date.now() + (options.settleTimeoutMs ?? 30000);
    while (Date.now() < deadline && ids.some((id) => !confirmedAt.has(eventOf.get(id) ?? ''))) await sleep(20);
    subscription.unsubscribe();

    const lags: number[] = [];
    let confirmedBeforeReply = 0;
    let missing = 0;
    for (const id of ids) {
      const confirmed = confirmedAt.get(eventOf.get(id) ?? '');
      if (confirmed === undefined) {
        missing++;
        continue;
      }
      const lag = confirmed - (replyAt.get(id) ?? confirmed);
      if (lag < 0) confirmedBeforeReply++;
      lags.push(Math.max(0, lag));
    }

    const stagesMs = await stages(pg, ids, replyAt, confirmedAt);

    log(`baseline: ${baselineSamples} NATS round trips and ${baselineSamples} PostgreSQL INSERTs`);
    const natsRoundTrip = await natsBaseline(nats, `${prefix}.bench.ping`, baselineSamples);
    const pgInsert = await pgBaseline(pg, baselineSamples);

    const lagMs = percentiles(lags);
    const natsRoundTripMs = pick(percentiles(natsRoundTrip));
    const pgInsertMs = pick(percentiles(pgInsert));
    return {
      case: 'audit-lag',
      records: count,
      ratePerSecond: rate,
      achievedRatePerSecond: count / writeSeconds,
      lagMs,
      targetP99Ms: TARGET_P99_MS,
      meetsTarget: missing === 0 && lagMs.p99 <= TARGET_P99_MS,
      createMs: percentiles(createMs),
      stagesMs,
      confirmedBeforeReply,
      missing,
      baseline: { natsRoundTripMs, pgInsertMs },
      ratios: {
        lagP50OverNatsP50: lagMs.p50 / natsRoundTripMs.p50,
        lagP99OverNatsP99: lagMs.p99 / natsRoundTripMs.p99,
        lagP50OverPgInsertP50: lagMs.p50 / pgInsertMs.p50,
        lagP99OverPgInsertP99: lagMs.p99 / pgInsertMs.p99,
      },
    };
  } finally {
    // Clean up whatever happened: services first (they hold connections to the database), then the rest.
    for (const app of apps.reverse()) await app.close().catch((error: Error) => log(`closing a service failed: ${error.message}`));
    await pg?.end().catch(() => undefined);
    await deleteStreams(nats, prefix).catch((error: Error) => log(`deleting streams failed: ${error.message}`));
    await nats.close().catch(() => undefined);
    await dropDatabase(databaseUrl).catch((error: Error) => log(`dropping the database failed: ${error.message}`));
  }
}

/** Waits until every outbox row is published and the audit consumer has nothing pending. */
async function settle(pg: Client, nats: NatsConnection, prefix: string, timeoutMs: number): Promise<void> {
  const jsm = await nats.jetstreamManager();
  const stream = `${prefix}_${Streams.recordEvents.name}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM records.outbox WHERE published_at IS NULL');
    const consumer = await jsm.consumers.info(stream, Consumers.audit);
    if (rows[0].n === 0 && consumer.num_pending === 0 && consumer.num_ack_pending === 0) return;
    if (Date.now() > deadline) throw new Error('the pipeline did not settle after the warm-up');
    await sleep(50);
  }
}

async function stages(
  pg: Client,
  ids: readonly string[],
  replyAt: ReadonlyMap<string, number>,
  confirmedAt: ReadonlyMap<string, number>,
): Promise<AuditLagBenchResult['stagesMs']> {
  const { rows } = await pg.query<{ event_id: string; entity_id: string; published: number; recorded: number }>(
    `SELECT o.id AS event_id, o.aggregate_id AS entity_id,
            extract(epoch FROM o.published_at) * 1000 AS published, extract(epoch FROM a.recorded_at) * 1000 AS recorded
     FROM records.outbox o JOIN audit.audit_entry a ON a.event_id = o.id
     WHERE o.aggregate_id = ANY($1) AND o.type = $2`,
    [ids, RecordEvents.created],
  );
  // performance.now() → wall clock, to compare with the database's timestamps.
  const wall = Date.now() - performance.now();
  const measured = rows.filter((row) => replyAt.has(row.entity_id) && confirmedAt.has(row.event_id));
  const stage = (value: (row: (typeof measured)[number]) => number) => pick(percentiles(measured.map(value)));
  return {
    replyToRelay: stage((row) => Number(row.published) - (wall + (replyAt.get(row.entity_id) ?? 0))),
    relayToAuditInsert: stage((row) => Number(row.recorded) - Number(row.published)),
    auditInsertToConfirmation: stage((row) => wall + (confirmedAt.get(row.event_id) ?? 0) - Number(row.recorded)),
  };
}

/** NATS core publish → subscribe round trip through the server, one message at a time. */
async function natsBaseline(nats: NatsConnection, subject: string, samples: number): Promise<number[]> {
  const times: number[] = [];
  let waiting: ((at: number) => void) | undefined;
  const subscription = nats.subscribe(subject, { callback: () => waiting?.(performance.now()) });
  await nats.flush();
  const payload = encoder.encode(JSON.stringify({ eventId: 'evt_0000000000000000', auditId: 'audit-0000000000' }));
  for (let index = 0; index < samples + 20; index++) {
    const received = new Promise<number>((resolve) => (waiting = resolve));
    const sent = performance.now();
    nats.publish(subject, payload);
    const at = await received;
    if (index >= 20) times.push(at - sent);
  }
  subscription.unsubscribe();
  return times;
}

/** A single-row INSERT committed on its own (autocommit), one at a time. */
async function pgBaseline(pg: Client, samples: number): Promise<number[]> {
  await pg.query('CREATE TABLE public.bench_insert (id bigserial PRIMARY KEY, event_id text NOT NULL, payload jsonb NOT NULL)');
  const payload = JSON.stringify({ attributeAlias: 'product-name', scope: {}, oldValue: null, newValue: 'Bench' });
  const times: number[] = [];
  for (let index = 0; index < samples + 20; index++) {
    const sent = performance.now();
    await pg.query('INSERT INTO public.bench_insert (event_id, payload) VALUES ($1, $2::jsonb)', [`evt_${index}`, payload]);
    if (index >= 20) times.push(performance.now() - sent);
  }
  return times;
}

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1], mean: values.reduce((a, b) => a + b, 0) / values.length };
}

function pick({ p50, p99 }: Percentiles): { p50: number; p99: number } {
  return { p50, p99 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function argument(name: string): number | undefined {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : undefined;
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  runAuditLagBench({ quick, records: argument('records'), ratePerSecond: argument('rate'), log: (line) => console.log(`  ${line}`) })
    .then((r) => {
      const ms = (value: number) => `${value.toFixed(1)} ms`;
      console.log(
        `audit lag, commit → entry confirmed, ${r.records} creates at ${r.ratePerSecond}/s (achieved ${r.achievedRatePerSecond.toFixed(0)}/s): ` +
          `p50 ${ms(r.lagMs.p50)}, p95 ${ms(r.lagMs.p95)}, p99 ${ms(r.lagMs.p99)}, max ${ms(r.lagMs.max)} ` +
          `(target p99 ≤ ${r.targetP99Ms} ms: ${r.meetsTarget ? 'met' : 'MISSED'}; missing ${r.missing}, confirmed before the reply ${r.confirmedBeforeReply})`,
      );
      console.log(`create request → reply: p50 ${ms(r.createMs.p50)}, p99 ${ms(r.createMs.p99)}`);
      const { replyToRelay, relayToAuditInsert, auditInsertToConfirmation } = r.stagesMs;
      console.log(
        `stages (p50 / p99): reply → relay batch start ${ms(replyToRelay.p50)} / ${ms(replyToRelay.p99)}, ` +
          `→ audit INSERT ${ms(relayToAuditInsert.p50)} / ${ms(relayToAuditInsert.p99)}, ` +
          `→ confirmation received ${ms(auditInsertToConfirmation.p50)} / ${ms(auditInsertToConfirmation.p99)}`,
      );
      console.log(
        `raw baseline: NATS core pub→sub round trip p50 ${ms(r.baseline.natsRoundTripMs.p50)} / p99 ${ms(r.baseline.natsRoundTripMs.p99)}; ` +
          `pg INSERT p50 ${ms(r.baseline.pgInsertMs.p50)} / p99 ${ms(r.baseline.pgInsertMs.p99)}`,
      );
      console.log(
        `ratios: lag p50 / NATS p50 ${r.ratios.lagP50OverNatsP50.toFixed(1)}x, lag p99 / NATS p99 ${r.ratios.lagP99OverNatsP99.toFixed(1)}x, ` +
          `lag p50 / INSERT p50 ${r.ratios.lagP50OverPgInsertP50.toFixed(1)}x, lag p99 / INSERT p99 ${r.ratios.lagP99OverPgInsertP99.toFixed(1)}x`,
      );
      if (r.missing > 0) process.exitCode = 1;
    })
    .catch((error: Error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
