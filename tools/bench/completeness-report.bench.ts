/**
 * Case 13 (`--profile large`): the schema completeness report, GET /schemas/:id/completeness,
 * through the gateway, one request at a time cycling over the large schemas. Every answer must be
 * current (from the stored summaries, every copied record counted), else the case errors. Its
 * raw baseline in the same run is what the summaries replace: the plain aggregate over the stored
 * score rows (buckets, then missing slots), as tools/bench/completeness-stored.ts measures it.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { SchemaCompletenessReport } from '@sigma/contracts';
import type { Row } from './rows';
import { fmt, type Latency, latency, ratio, timeEach } from './stats';
import type { BenchSystem } from './system';

export interface ReportFigures {
  requests: number;
  /** Client wall time of each request, ms. */
  latency: Latency;
  /** The records service's own durationMs of the same requests. */
  serverMs: Latency;
  /** ?lifecycleStateId=state-published (every record against one state), p50 ms. */
  oneStateP50Ms: number;
  /** Buckets + missing slots aggregated from the score rows, mean over the schemas (best of 2, warm), ms. */
  plainAggregateMs: number;
  recordsBySchema: Record<string, number>;
  /** The last answer of the first schema. */
  sample: SchemaCompletenessReport;
}

function checkCurrent(answer: SchemaCompletenessReport, expected: number): void {
  const counted = answer.records + answer.unscored.reduce((sum, entry) => sum + entry.records, 0);
  if (!answer.current || counted < expected) {
    throw new Error(`${answer.schemaId}: current ${answer.current}, ${counted} of ${expected} records counted, ${answer.pendingRecords} pending`);
  }
}

/** The plain aggregate of one schema's report over its score rows, ms (best of 2 after a warm-up). */
async function plainAggregate(client: Client, schemaId: string): Promise<number> {
  const buckets = `SELECT state_id, CASE WHEN percent >= 100 THEN 10 ELSE percent / 10 END, count(*), count(*) FILTER (WHERE complete), sum(percent)
                   FROM record_completeness WHERE schema_id = $1 AND own GROUP BY 1, 2`;
  const slots = `SELECT slot, count(*) FROM record_completeness, unnest(missing) slot WHERE schema_id = $1 AND own GROUP BY 1 ORDER BY 2 DESC LIMIT 20`;
  const time = async (sql: string) => {
    const started = performance.now();
    await client.query(sql, [schemaId]);
    return performance.now() - started;
  };
  await time(buckets);
  await time(slots);
  return Math.min(await time(buckets), await time(buckets)) + Math.min(await time(slots), await time(slots));
}

export async function completenessReportCase(system: BenchSystem, recordsBySchema: Record<string, number>, requests: number): Promise<ReportFigures> {
  const schemaIds = Object.keys(recordsBySchema);
  const ask = async (schemaId: string, query = '') => {
    const { body } = await system.call<SchemaCompletenessReport>('GET', `/schemas/${schemaId}/completeness${query}`);
    return body;
  };
  for (let i = 0; i < 5 * schemaIds.length; i++) checkCurrent(await ask(schemaIds[i % schemaIds.length]), recordsBySchema[schemaIds[i % schemaIds.length]]);

  const serverMs: number[] = [];
  let sample: SchemaCompletenessReport | undefined;
  const times = await timeEach(requests, async (i) => {
    const schemaId = schemaIds[i % schemaIds.length];
    const answer = await ask(schemaId);
    checkCurrent(answer, recordsBySchema[schemaId]);
    serverMs.push(answer.durationMs);
    if (schemaId === schemaIds[0]) sample = answer;
  });
  const oneState = await timeEach(10 * schemaIds.length, async (i) => {
    const answer = await ask(schemaIds[i % schemaIds.length], '?lifecycleStateId=state-published');
    if (!answer.current) throw new Error(`${answer.schemaId} ?lifecycleStateId=state-published: not current`);
  });

  const client = new Client({ connectionString: system.databaseUrl, application_name: 'bench-report-raw', options: '-c search_path=records' });
  await client.connect();
  let plainMs = 0;
  try {
    for (const schemaId of schemaIds) plainMs += await plainAggregate(client, schemaId);
  } finally {
    await client.end();
  }
  return {
    requests,
    latency: latency(times),
    serverMs: latency(serverMs),
    oneStateP50Ms: latency(oneState).p50,
    plainAggregateMs: plainMs / schemaIds.length,
    recordsBySchema,
    sample: sample as SchemaCompletenessReport,
  };
}

const ms = (value: number) => `${fmt(value, value < 10 ? 2 : 1)} ms`;

/** `setup`: how the stored scores got there (the generator's re-score), for the notes. */
export function completenessReportRow(f: ReportFigures, setup: string): Row {
  const schemas = Object.entries(f.recordsBySchema);
  const top = f.sample.mostMissing
    .slice(0, 3)
    .map((slot) => `${slot.attributeAlias}${Object.keys(slot.scope).length ? ` ${JSON.stringify(slot.scope)}` : ''} (${fmt(slot.records, 0)})`)
    .join(', ');
  return {
    figure: `p50 ${ms(f.latency.p50)}, p99 ${ms(f.latency.p99)} (${fmt(f.requests, 0)} requests, 1 in flight, over ${schemas.length} schemas of ${schemas.map(([, n]) => fmt(n, 0)).join(' and ')} records; every answer current)`,
    baseline: `plain aggregate over the stored score rows (buckets + 20 most missing slots, best of 2 warm, mean per schema) ${ms(f.plainAggregateMs)}`,
    ratio: ratio(f.latency.p50, f.plainAggregateMs),
    ratioMeaning: 'p50 ÷ plain aggregate, lower is better',
    metrics: { ...f, sample: undefined, report: { ...f.sample } },
    notes: [
      `each record against its own state; records reported durationMs p50 ${ms(f.serverMs.p50)}, p99 ${ms(f.serverMs.p99)}; with ?lifecycleStateId=state-published (every record against one state) p50 ${ms(f.oneStateP50Ms)}`,
      `${f.sample.schemaId}: ${fmt(f.sample.records, 0)} records, ${fmt(f.sample.complete, 0)} complete, average ${f.sample.averagePercentage ?? '-'}%, most missed ${top}`,
      setup,
    ],
  };
}
