import { performance } from 'node:perf_hooks';
import type { INestApplicationContext } from '@nestjs/common';
import { connect } from 'nats';
import { Client } from 'pg';
import type { RpcResponse } from '@sigma/contracts';
import { type RequestOptions, RpcClient } from '@sigma/messaging';
import { createTestDatabase, TEST_NATS_URL, uniqueSubjectPrefix } from '@sigma/testing';
import { startRecordsService } from '../../apps/records/src/bootstrap';
import { CompletenessRescorer } from '../../apps/records/src/completeness/completeness-rescorer';

/**
 * The stored schema completeness report at catalog scale, on a scratch database and a records
 * service started in this process: `count` records of the demo apparel schema generated with SQL
 * (as tools/bench/data.ts does), scored by the real re-scorer (its throughput is a figure too),
 * then
 *  - the report through records.completeness.report (each record's own state, and one state),
 *  - the plain aggregate over the score rows the summaries replace (what "measure first" asks),
 *  - the added cost of a save: the same record update timed with the summary triggers enabled and
 *    disabled, interleaved in blocks.
 *
 *   node tools/build/run.js tools/bench/completeness-stored [records=100000] [saves=400]
 */
const SCHEMA = 'schema-apparel';
const RULE = [
  { id: 'state-draft', requiredAttributes: ['product-name', 'sku'] },
  { id: 'state-review', requiredAttributes: ['product-name', 'sku', 'price', 'description'] },
  { id: 'state-published', requiredAttributes: ['product-name', 'sku', 'price', 'description', 'material', 'sleeve-length'] },
];
const SUMMARY_TRIGGERS = ['completeness_scores_insert', 'completeness_scores_update', 'completeness_scores_delete'];

/** Every request as the admin, as a user's write through the gateway would carry it. */
const ADMIN: RequestOptions = { context: { requestId: 'bench-completeness-stored', actor: { userId: 'user-admin', roles: ['role-admin'] } }, timeoutMs: 120_000 };

const ms = (started: number) => performance.now() - started;
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const fmt = (value: number) => value.toFixed(2);

/** Records with values varied by a hash of their number: some languages, markets, garment types and materials missing. */
async function generate(pg: Client, count: number): Promise<void> {
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    await pg.query(
      `INSERT INTO record (id, schema_id, lifecycle_state_id, version, "values", created_by, updated_by)
       SELECT 'bench-' || lpad(i::text, 8, '0'), $3,
              (ARRAY['state-draft', 'state-review', 'state-published'])[1 + h % 3], 1,
              jsonb_build_object(
                'sku', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'B-' || i)),
                'product-name', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'P' || i))
                  || CASE WHEN h % 2 = 0 THEN jsonb_build_array(jsonb_build_object('scope', '{"dim-language":"seg-da"}'::jsonb, 'value', 'da')) ELSE '[]' END
                  || CASE WHEN h % 5 <> 0 THEN jsonb_build_array(jsonb_build_object('scope', '{"dim-language":"seg-de"}'::jsonb, 'value', 'de')) ELSE '[]' END,
                'price', CASE WHEN h % 7 <> 0 THEN jsonb_build_array(jsonb_build_object('scope', '{"dim-market":"seg-dk"}'::jsonb, 'value', 10)) ELSE '[]' END
                  || CASE WHEN h % 3 = 0 THEN jsonb_build_array(jsonb_build_object('scope', '{"dim-market":"seg-de"}'::jsonb, 'value', 12)) ELSE '[]' END,
                'description', CASE WHEN h % 4 = 0 THEN jsonb_build_array(jsonb_build_object('scope', '{"dim-language":"seg-da"}'::jsonb, 'value', 'beskrivelse')) ELSE '[]' END,
                'material', CASE WHEN h % 11 <> 0 THEN jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'Cotton')) ELSE '[]' END,
                'garment-type', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', (ARRAY['shirt', 'jacket', 'trousers', 'knitwear'])[1 + h % 4])),
                'sleeve-length', CASE WHEN h % 13 <> 0 THEN jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'long')) ELSE '[]' END),
              'user-admin', 'user-admin'
       FROM generate_series($1::int, $2::int) AS i, LATERAL (SELECT (hashint4(i) & 2147483647) AS h) x`,
      [from, Math.min(from + chunk, count) - 1, SCHEMA],
    );
  }
  await pg.query('VACUUM ANALYZE record');
}

export interface StoredCompletenessBenchResult {
  records: number;
  rescoreSeconds: number;
  /** records.completeness.report round trips over NATS (30 each), ms. */
  ownStateP50Ms: number;
  ownStateMaxMs: number;
  oneStateP50Ms: number;
  oneStateMaxMs: number;
  /** The same figures aggregated from the score rows at read time, ms. */
  plainAggregateMs: number;
  /** records.record.update round trip, summary triggers disabled vs enabled, ms. */
  saveOffP50Ms: number;
  saveOnP50Ms: number;
  /** The summary triggers' own time in one save's score upsert (EXPLAIN ANALYZE), ms. */
  triggerMedianMs: number;
  triggerP95Ms: number;
}

export async function runStoredCompletenessBench(count: number, saves: number, log: (line: string) => void): Promise<StoredCompletenessBenchResult> {
  const result: StoredCompletenessBenchResult = {
    records: count,
    rescoreSeconds: 0,
    ownStateP50Ms: 0,
    ownStateMaxMs: 0,
    oneStateP50Ms: 0,
    oneStateMaxMs: 0,
    plainAggregateMs: 0,
    saveOffP50Ms: 0,
    saveOnP50Ms: 0,
    triggerMedianMs: 0,
    triggerP95Ms: 0,
  };
  const database = await createTestDatabase('completeness-stored');
  const prefix = uniqueSubjectPrefix('cstored');
  let app: INestApplicationContext | undefined;
  const nats = await connect({ servers: TEST_NATS_URL, name: 'completeness-stored' });
  const pg = new Client({ connectionString: database.url, options: '-c search_path=records' });
  try {
    app = await startRecordsService({
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: prefix,
      LOG_LEVEL: 'error',
      OUTBOX_RELAY: 'false',
    });
    await pg.connect();
    const rpc = new RpcClient(nats, { serviceName: 'bench-completeness-stored', url: TEST_NATS_URL, subjectPrefix: prefix, requestTimeoutMs: 120_000 });
    const rescorer = app.get(CompletenessRescorer);

    let started = performance.now();
    await generate(pg, count);
    log(`generated ${count.toLocaleString('en-US')} records in ${(ms(started) / 1000).toFixed(1)} s`);

    const workflowUpdatedAt = new Date().toISOString();
    await rpc.request('records.completeness.sync-rules', { schemaId: SCHEMA, workflowId: 'workflow-apparel', states: RULE, workflowUpdatedAt }, ADMIN);
    const pending = await rpc.request('records.completeness.report', { schemaId: SCHEMA, workflowUpdatedAt }, ADMIN);
    log(`report while the rule's re-score is queued: current=${pending.current} pendingRecords=${pending.pendingRecords} in ${pending.durationMs} ms`);
    started = performance.now();
    // What autovacuum does for a growing table (this machine's test PostgreSQL runs without it): a
    // re-score batch's planner estimates for record_completeness must not stay those of an empty table.
    const analyze = setInterval(() => void pg.query('ANALYZE record_completeness').catch(() => undefined), 10_000);
    await rescorer.drain().finally(() => clearInterval(analyze));
    const rescoreSeconds = ms(started) / 1000;
    result.rescoreSeconds = rescoreSeconds;
    await pg.query('VACUUM ANALYZE record_completeness');
    const { rows: scoreRows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM record_completeness');
    const { rows: summaryRows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM completeness_summary');
    const { rows: missingRows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM completeness_missing');
    log(
      `re-scored ${count.toLocaleString('en-US')} records (3 states each) in ${rescoreSeconds.toFixed(1)} s = ${Math.round(count / rescoreSeconds).toLocaleString('en-US')} records/s, ` +
        `summary triggers included; ${scoreRows[0].n} score rows, ${summaryRows[0].n} summary rows, ${missingRows[0].n} slot counter rows`,
    );

    // The report, as the workflow asks for it (each record's own state; one state for every record).
    for (const lifecycleStateId of [undefined, 'state-published']) {
      const times: number[] = [];
      let last: RpcResponse<'records.completeness.report'> | undefined;
      for (let i = 0; i < 30; i++) {
        started = performance.now();
        last = await rpc.request('records.completeness.report', { schemaId: SCHEMA, lifecycleStateId, workflowUpdatedAt }, ADMIN);
        times.push(ms(started));
      }
      if (lifecycleStateId === undefined) [result.ownStateP50Ms, result.ownStateMaxMs] = [quantile(times, 0.5), Math.max(...times)];
      else [result.oneStateP50Ms, result.oneStateMaxMs] = [quantile(times, 0.5), Math.max(...times)];
      if (!last?.current || last.records + last.unscored.reduce((sum, entry) => sum + entry.records, 0) < count) throw new Error(`report not current: ${JSON.stringify(last)}`);
      log(
        `report ${lifecycleStateId ?? '(own state)'} over ${last.records.toLocaleString('en-US')} records: p50 ${fmt(quantile(times, 0.5))} ms, p95 ${fmt(quantile(times, 0.95))} ms, ` +
          `max ${fmt(Math.max(...times))} ms (round trip over NATS; the service's own durationMs ${last.durationMs}); ${last.mostMissing.length} slots in mostMissing`,
      );
    }

    // What the summaries replace: the same figures aggregated from the score rows at read time.
    const plain = async (sql: string) => {
      started = performance.now();
      await pg.query(sql, [SCHEMA]);
      return ms(started);
    };
    const buckets = `SELECT state_id, CASE WHEN percent >= 100 THEN 10 ELSE percent / 10 END, count(*), count(*) FILTER (WHERE complete), sum(percent)
                     FROM record_completeness WHERE schema_id = $1 AND own GROUP BY 1, 2`;
    const slots = `SELECT slot, count(*) FROM record_completeness, unnest(missing) slot WHERE schema_id = $1 AND own GROUP BY 1 ORDER BY 2 DESC LIMIT 20`;
    await plain(buckets);
    const bucketMs = Math.min(await plain(buckets), await plain(buckets));
    const slotMs = Math.min(await plain(slots), await plain(slots));
    result.plainAggregateMs = bucketMs + slotMs;
    log(`plain aggregate over the score rows instead (best of 2, warm): buckets ${bucketMs.toFixed(0)} ms + missing slots ${slotMs.toFixed(0)} ms = ${(bucketMs + slotMs).toFixed(0)} ms`);

    // A save before/after: the same update of a required attribute, summary triggers disabled vs enabled, in interleaved blocks.
    const { rows: targets } = await pg.query<{ id: string }>(`SELECT id FROM record WHERE schema_id = $1 ORDER BY id LIMIT 50`, [SCHEMA]);
    const timed: Record<'on' | 'off', number[]> = { on: [], off: [] };
    let flip = 0;
    const block = async (mode: 'on' | 'off', n: number) => {
      await pg.query(`ALTER TABLE record_completeness ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER ${SUMMARY_TRIGGERS.join(`, ${mode === 'on' ? 'ENABLE' : 'DISABLE'} TRIGGER `)}`);
      for (let i = 0; i < n; i++) {
        const { id } = targets[(flip + i) % targets.length];
        // Alternates a required value on and off, so every save changes its scores and missing slots.
        const values = { material: [{ scope: {}, value: flip % 2 === 0 ? '' : 'Linen' }], description: [{ scope: { 'dim-language': 'seg-de' }, value: flip % 2 === 0 ? 'x' : '' }] };
        started = performance.now();
        await rpc.request('records.record.update', { id, values }, ADMIN);
        timed[mode].push(ms(started));
      }
      flip++;
    };
    await block('on', 50); // warm-up
    timed.on = [];
    for (let round = 0; round < 8; round++) {
      await block('off', saves / 8);
      await block('on', saves / 8);
    }
    await pg.query(`ALTER TABLE record_completeness ENABLE TRIGGER ${SUMMARY_TRIGGERS.join(', ENABLE TRIGGER ')}`);
    [result.saveOffP50Ms, result.saveOnP50Ms] = [quantile(timed.off, 0.5), quantile(timed.on, 0.5)];
    log(
      `save (records.record.update round trip, ${timed.on.length} each): summaries off p50 ${fmt(quantile(timed.off, 0.5))} ms mean ${fmt(mean(timed.off))} ms; ` +
        `on p50 ${fmt(quantile(timed.on, 0.5))} ms mean ${fmt(mean(timed.on))} ms; added p50 ${fmt(quantile(timed.on, 0.5) - quantile(timed.off, 0.5))} ms, ` +
        `mean ${fmt(mean(timed.on) - mean(timed.off))} ms`,
    );
    const cost = await triggerCost(pg);
    [result.triggerMedianMs, result.triggerP95Ms] = [cost.median, cost.p95];
    log(
      `summary triggers inside one save's score upsert (1 record, 3 states changed; EXPLAIN ANALYZE, 300 saves): median ${fmt(cost.median)} ms, p95 ${fmt(cost.p95)} ms ` +
        `(the whole statement incl. triggers: median ${fmt(cost.statement)} ms)`,
    );
  } finally {
    await app?.close();
    await pg.end().catch(() => undefined);
    await nats.close();
    await database.drop();
  }
  return result;
}

/**
 * The summary triggers' own time in one save's score upsert (the statement writeScores issues, for
 * one record in 3 states, every score changed), as EXPLAIN ANALYZE times them, each in its own
 * committed transaction (so the shard claim is included): median and p95 of 300.
 */
async function triggerCost(pg: Client): Promise<{ median: number; p95: number; statement: number }> {
  const { rows } = await pg.query<{ id: string }>(`SELECT id FROM record WHERE schema_id = $1 ORDER BY id DESC LIMIT 1`, [SCHEMA]);
  const id = rows[0].id;
  const triggers: number[] = [];
  const statements: number[] = [];
  for (let i = 0; i < 300; i++) {
    const missing = i % 2 === 0 ? [] : ['["material",{}]', '["description",{"dim-language":"seg-de"}]'];
    const scores = RULE.map((state) => ({ r: id, s: state.id, f: 4 - missing.length, t: 4, p: Math.round((100 * (4 - missing.length)) / 4), v: 1_000_000 + i, m: missing }));
    await pg.query('BEGIN');
    const { rows: plan } = await pg.query<{ 'QUERY PLAN': [{ 'Execution Time': number; Triggers: { 'Trigger Name': string; Time: number }[] }] }>(
      `EXPLAIN (ANALYZE, FORMAT JSON)
       INSERT INTO record_completeness (record_id, state_id, filled, required, percent, record_version, schema_id, own, missing)
       SELECT x.r, x.s, x.f, x.t, x.p, x.v, r.schema_id, x.s = r.lifecycle_state_id, ARRAY(SELECT jsonb_array_elements_text(x.m))
       FROM jsonb_to_recordset($1::jsonb) AS x(r text, s text, f integer, t integer, p smallint, v integer, m jsonb) JOIN record r ON r.id = x.r
       ON CONFLICT (record_id, state_id) DO UPDATE
         SET filled = EXCLUDED.filled, required = EXCLUDED.required, percent = EXCLUDED.percent, record_version = EXCLUDED.record_version,
             own = EXCLUDED.own, missing = EXCLUDED.missing
         WHERE record_completeness.record_version <= EXCLUDED.record_version`,
      [JSON.stringify(scores)],
    );
    await pg.query('COMMIT');
    const [explained] = plan[0]['QUERY PLAN'];
    triggers.push(explained.Triggers.filter((trigger) => SUMMARY_TRIGGERS.includes(trigger['Trigger Name'])).reduce((sum, trigger) => sum + trigger.Time, 0));
    statements.push(explained['Execution Time']);
  }
  return { median: quantile(triggers, 0.5), p95: quantile(triggers, 0.95), statement: quantile(statements, 0.5) };
}

// Run as a script (node tools/build/run.js sets argv[1] to the compiled entry), not when imported by the bench.
if (process.argv[1] === __filename) {
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  runStoredCompletenessBench(Number(process.argv[2] ?? 100_000), Number(process.argv[3] ?? 400), log).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
