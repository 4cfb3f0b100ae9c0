import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import {
  type AttributeDto,
  type DimensionDto,
  type SchemaCompletenessReport,
  type SchemaDto,
  scopeKey,
  type ValuesMap,
  type WorkflowDto,
} from '@sigma/contracts';
import { buildPlan, type CompletenessPlan, CompletenessReportBuilder, computeCompleteness, type PlanInput, PlanCache, scoreRecord } from '@sigma/completeness';
import { generateRecords } from './data';
import type { BenchSystem } from './system';

/**
 * Completeness of one record with 500 required attributes x 24 slots (language 4 x market 3 x channel 2),
 * half the slots filled, against a raw baseline in the same run: probing the same 12,000 precomputed
 * slot keys in a Set (the least work any implementation must do).
 *
 * Measured the way the workflow service scores: the record's values come parsed from JSON (as off
 * NATS), and the state's plan is compiled once and reused (re-scoring a schema scores every record
 * with one plan; a single record finds its plan in the service's cache). Also measured: the cache
 * lookup (key from the schema, state and dimensions), and a cold call that builds the plan for the
 * one record.
 */
const dimensions = new Map<string, string[]>([
  ['dim-language', ['da', 'de', 'en', 'sv']],
  ['dim-market', ['dk', 'de', 'se']],
  ['dim-channel', ['web', 'store']],
]);
const dimensionIds = [...dimensions.keys()];

function slotScopes(): Record<string, string>[] {
  let scopes: Record<string, string>[] = [{}];
  for (const [dimensionId, segments] of dimensions) scopes = scopes.flatMap((s) => segments.map((seg) => ({ ...s, [dimensionId]: seg })));
  return scopes;
}

export interface CompletenessBenchResult {
  case: string;
  /** Per record, the plan reused (wall clock, mean over the iterations). */
  completenessUs: number;
  /** The same loop in CPU time of this process (what the machine's other load cannot add to). */
  completenessCpuUs: number;
  /** Per record through the service's plan cache (plan key + lookup + scoring). */
  cachedUs: number;
  /** One record with the plan built for it (a cache miss). */
  coldUs: number;
  baselineUs: number;
  ratio: number;
  targetUs: number;
  iterations: number;
}

export function runCompletenessBench(iterations = 2000): CompletenessBenchResult {
  const attributes: AttributeDto[] = Array.from({ length: 500 }, (_, i) => ({
    alias: `attr-${i}`,
    name: `Attribute ${i}`,
    dataType: 'text',
    dimensionIds,
    rules: {},
  }));
  const scopes = slotScopes();
  const built: ValuesMap = {};
  for (const attribute of attributes) built[attribute.alias] = scopes.filter((_, i) => i % 2 === 0).map((scope) => ({ scope, value: 'x' }));
  const values = JSON.parse(JSON.stringify(built)) as ValuesMap;
  const planInput: PlanInput = {
    lifecycleStateId: 'state-bench',
    attributes: new Map(attributes.map((a) => [a.alias, a])),
    segmentsByDimension: dimensions,
    requiredAliases: attributes.map((a) => a.alias),
  };
  const input = { ...planInput, entityId: 'ent-bench', values };

  const filledKeys = new Set(Object.entries(values).flatMap(([alias, list]) => list.map((v) => `${alias}|${scopeKey(v.scope)}`)));
  const probeKeys = attributes.flatMap((a) => scopes.map((scope) => `${a.alias}|${scopeKey(scope)}`));
  const baseline = () => {
    let filled = 0;
    for (const key of probeKeys) if (filledKeys.has(key)) filled++;
    return filled;
  };

  const time = (fn: () => unknown, n = iterations) => {
    for (let i = 0; i < Math.min(200, n); i++) fn(); // warm-up
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < n; i++) fn();
    const wallUs = ((performance.now() - start) * 1000) / n;
    const used = process.cpuUsage(cpu);
    return { wallUs, cpuUs: (used.user + used.system) / n };
  };
  const plan = buildPlan(planInput);
  const cache = new PlanCache();
  for (const result of [computeCompleteness(input), scoreRecord(plan, 'ent-bench', values), scoreRecord(cache.get(planInput), 'ent-bench', values)]) {
    if (result.total !== 12000 || result.filled !== 6000 || result.missing.length !== 6000) throw new Error(`unexpected score ${result.filled}/${result.total}`);
  }
  const baselineUs = time(baseline).wallUs;
  const reused = time(() => scoreRecord(plan, 'ent-bench', values));
  const cachedUs = time(() => scoreRecord(cache.get(planInput), 'ent-bench', values)).wallUs;
  const coldUs = time(() => computeCompleteness(input), Math.max(20, Math.floor(iterations / 4))).wallUs;
  return {
    case: 'completeness-500x24',
    completenessUs: reused.wallUs,
    completenessCpuUs: reused.cpuUs,
    cachedUs,
    coldUs,
    baselineUs,
    ratio: reused.wallUs / baselineUs,
    targetUs: 1000,
    iterations,
  };
}

export function completenessLine(r: CompletenessBenchResult): string {
  return (
    `completeness 500 attrs x 24 slots: ${r.completenessUs.toFixed(0)} µs/record with the plan reused (CPU ${r.completenessCpuUs.toFixed(0)} µs; target ≤ ${r.targetUs} µs); ` +
    `through the plan cache ${r.cachedUs.toFixed(0)} µs; cold, plan built for the one record ${r.coldUs.toFixed(0)} µs; ` +
    `raw Set-probe baseline ${r.baselineUs.toFixed(0)} µs; ratio ${r.ratio.toFixed(2)}x`
  );
}

// ---- re-scoring every record of a schema ----

export const RESCORE_SCHEMA = 'schema-bench-rescore';
/** 100,000 records in ≤ 30 s. */
export const RESCORE_TARGET_PER_SECOND = 100_000 / 30;

export interface RescoreBenchResult {
  records: number;
  /**
   * The background re-score of the COPYed records: from the first GET /schemas/:id/completeness
   * (which notices records without scores and queues it) until the report says it is current.
   */
  seconds: number;
  perSecond: number;
  /** GET /schemas/:id/completeness once current, each record against its own state: client wall time, ms. */
  reportMs: number;
  /** The records service's own durationMs of that call. */
  serverMs: number;
  /** The same call with ?lifecycleStateId=state-published (every record against one state), seconds. */
  oneStateSeconds: number;
  /** Raw baseline: the same keyset SELECT straight through pg, scored in this process with the same plans. */
  rawSeconds: number;
  rawPerSecond: number;
  copySeconds: number;
  vacuumSeconds: number;
  report: SchemaCompletenessReport;
}

/**
 * Case 5, re-scoring: a copy of the demo apparel schema and workflow (9 attributes, 2 dimensions, 3
 * states, a guard), `count` generated records in it (COPY, as tools/bench/data.ts does for the other
 * cases), then the report through the gateway next to a raw baseline from the same run.
 */
export async function runRescoreBench(system: BenchSystem, count: number, seed: number, log: (line: string) => void): Promise<RescoreBenchResult> {
  const { body: apparel } = await system.call<SchemaDto>('GET', '/schemas/schema-apparel');
  await system.call('POST', '/schemas', { id: RESCORE_SCHEMA, name: 'Bench re-scoring', initialLifecycleStateId: 'state-draft', attributes: apparel.attributes }, [201, 409]);
  const { body: [demoWorkflow] } = await system.call<WorkflowDto[]>('GET', '/workflows?schemaId=schema-apparel');
  await system.call(
    'POST',
    '/workflows',
    {
      id: 'workflow-bench-rescore',
      schemaId: RESCORE_SCHEMA,
      name: 'Bench re-scoring',
      initialStateId: demoWorkflow.initialStateId,
      states: demoWorkflow.states,
      transitions: demoWorkflow.transitions.map((transition) => ({ ...transition, id: `rescore-${transition.id}` })),
    },
    [201, 409],
  );
  log(`re-scoring: generating ${count.toLocaleString('en-US')} records of ${RESCORE_SCHEMA} with COPY`);
  const data = await generateRecords(system, count, { seed: seed + 5, keepApparel: 0, samples: 1, schemaId: RESCORE_SCHEMA });

  const raw = await rawRescore(system, RESCORE_SCHEMA);
  // COPY bypasses the write path: the first report notices the records without scores and queues their re-score.
  let started = performance.now();
  const ask = async () => (await system.call<SchemaCompletenessReport>('GET', `/schemas/${RESCORE_SCHEMA}/completeness`)).body;
  while (!(await ask()).current) await new Promise((resolve) => setTimeout(resolve, 200));
  const seconds = (performance.now() - started) / 1000;
  started = performance.now();
  const report = await ask();
  const reportMs = performance.now() - started;
  started = performance.now();
  const { body: oneState } = await system.call<SchemaCompletenessReport>('GET', `/schemas/${RESCORE_SCHEMA}/completeness?lifecycleStateId=state-published`);
  const oneStateSeconds = (performance.now() - started) / 1000;

  const { durationMs: _d, scoredAt: _s, ...served } = report;
  const { durationMs: _rd, scoredAt: _rs, ...expected } = raw.report;
  if (JSON.stringify(served) !== JSON.stringify(expected)) {
    throw new Error(`the endpoint and the raw baseline disagree: ${JSON.stringify(served).slice(0, 300)} vs ${JSON.stringify(expected).slice(0, 300)}`);
  }
  if (oneState.records !== report.records + report.unscored.reduce((sum, entry) => sum + entry.records, 0)) {
    throw new Error(`?lifecycleStateId scored ${oneState.records} records, the default ${report.records}`);
  }
  return {
    records: report.records,
    seconds,
    perSecond: report.records / seconds,
    reportMs,
    serverMs: report.durationMs,
    oneStateSeconds,
    rawSeconds: raw.seconds,
    rawPerSecond: report.records / raw.seconds,
    copySeconds: data.copySeconds,
    vacuumSeconds: data.vacuumSeconds,
    report,
  };
}

const RAW_PAGE = 2000;

/** The least a re-score must do: the same pages straight from PostgreSQL, scored in-process with the same plans and aggregation. */
async function rawRescore(system: BenchSystem, schemaId: string): Promise<{ seconds: number; report: SchemaCompletenessReport }> {
  const [{ body: schema }, { body: dimensions }, { body: [workflow] }] = await Promise.all([
    system.call<SchemaDto>('GET', `/schemas/${schemaId}`),
    system.call<DimensionDto[]>('GET', '/dimensions'),
    system.call<WorkflowDto[]>('GET', `/workflows?schemaId=${schemaId}`),
  ]);
  const client = new Client({ connectionString: system.databaseUrl, application_name: 'bench-rescore-raw' });
  await client.connect();
  try {
    const started = performance.now();
    const attributes = new Map(schema.attributes.map((attribute) => [attribute.alias, attribute]));
    const segmentsByDimension = new Map(dimensions.map((dimension) => [dimension.id, dimension.segments.map((segment) => segment.id)]));
    const plans = new Map<string, CompletenessPlan>(
      workflow.states.map((state) => [state.id, buildPlan({ lifecycleStateId: state.id, attributes, segmentsByDimension, requiredAliases: state.requiredAttributes })]),
    );
    const builder = new CompletenessReportBuilder(schemaId, null);
    // created_at as text: the cursor must keep the microseconds (a Date would drop them).
    const columns = `id, lifecycle_state_id, created_at::text AS created, "values"`;
    type Row = { id: string; lifecycle_state_id: string; created: string; values: ValuesMap };
    let after: Row | undefined;
    for (;;) {
      const { rows } = after
        ? await client.query<Row>(
            `SELECT ${columns} FROM records.record WHERE schema_id = $1 AND (created_at, id) > ($3::timestamptz, $4) ORDER BY created_at, id LIMIT $2`,
            [schemaId, RAW_PAGE, after.created, after.id],
          )
        : await client.query<Row>(`SELECT ${columns} FROM records.record WHERE schema_id = $1 ORDER BY created_at, id LIMIT $2`, [schemaId, RAW_PAGE]);
      for (const row of rows) {
        const plan = plans.get(row.lifecycle_state_id);
        if (plan) builder.add(plan, row.values);
        else builder.skip(row.lifecycle_state_id);
      }
      if (rows.length < RAW_PAGE) break;
      after = rows[rows.length - 1];
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, report: builder.report(new Date(), seconds * 1000) };
  } finally {
    await client.end();
  }
}

export function rescoreLine(r: RescoreBenchResult): string {
  return (
    `re-scoring ${r.records.toLocaleString('en-US')} records: ${r.seconds.toFixed(2)} s (${r.perSecond.toFixed(0)} records/s; target ≤ 30 s per 100,000); ` +
    `report once current ${r.reportMs.toFixed(0)} ms; ` +
    `raw pg + in-process scoring ${r.rawSeconds.toFixed(2)} s`
  );
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  console.log(completenessLine(runCompletenessBench(quick ? 200 : 2000)));
}
