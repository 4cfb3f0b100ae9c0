/** Turns measured figures into result rows: figure, target, raw baseline, ratio, and where the time goes. */
import type { ApplyFigures } from './apply.bench';
import type { EchoResult } from './baselines';
import type { CompletenessBenchResult, RescoreBenchResult } from './completeness.bench';
import type { BenchData } from './data';
import type { ListExplain } from './http-cases';
import type { LoadResult } from './load';
import type { RawSearch } from './search.bench';
import type { CaseResult } from './report';
import { fmt, ratio } from './stats';

export type Row = Omit<CaseResult, 'seconds' | 'key' | 'id' | 'title' | 'status'> & { status?: CaseResult['status'] };

const ms = (value: number) => `${fmt(value, value < 10 ? 2 : 1)} ms`;
const loadFigure = (load: LoadResult, unit: string, connections: number) =>
  `${fmt(load.reqPerSec, 0)} ${unit}/s, p50 ${ms(load.latency.p50)}, p99 ${ms(load.latency.p99)} (${connections} connections, ${fmt(load.ok, 0)} answers)`;
const loadMetrics = (load: LoadResult) => ({ ...load, latency: load.latency });

export function rawHttpRow(load: LoadResult, connections: number): Row {
  return { figure: loadFigure(load, 'req', connections), metrics: loadMetrics(load), notes: ['node:http + pg Pool(10), one SELECT by primary key, same ids and load as case 1'] };
}

export function echoRow(echo: EchoResult): Row {
  return {
    figure: `round trip p50 ${ms(echo.roundTrip.p50)}, p99 ${ms(echo.roundTrip.p99)} (1 in flight); ${fmt(echo.reqPerSec, 0)} req/s at 32 in flight (p99 ${ms(echo.concurrent.p99)})`,
    metrics: { ...echo },
    notes: [],
  };
}

type Rate = { perSecond: number; seconds: number };

export function insertRow(loop: Rate, batched: Rate, concurrent: Rate, count: number): Row {
  return {
    figure:
      `32 connections ${fmt(concurrent.perSecond, 0)} records/s (a transaction each); ` +
      `history: loop ${fmt(loop.perSecond, 0)} records/s (one connection), batched ${fmt(batched.perSecond, 0)} records/s (one transaction)`,
    metrics: { count, concurrent, loop, batched },
    notes: [
      `INSERT record + unique sku row + outbox event with its notification, into a scratch schema with the same indexes and the same ` +
        `record-count triggers (the service's migration run there); ${fmt(count * 4, 0)} records from 32 connections, ${fmt(count, 0)} for loop and batched`,
    ],
  };
}

export function readRow(load: LoadResult, connections: number, raw?: LoadResult, echo?: EchoResult, cache?: { ids: number; readThrough: boolean }): Row {
  const r = raw ? ratio(load.reqPerSec, raw.reqPerSec) : undefined;
  const notes = [`status codes ${JSON.stringify(load.statusCodes)}`];
  if (cache?.readThrough) notes.push(`Cache-Control: no-cache on every read: the gateway's record cache is bypassed, each read asks records`);
  else if (cache) notes.push(`${cache.ids.toLocaleString('en-US')} ids read round robin: after the warm-up each read is answered from the gateway's record cache (the records service is not asked)`);
  if (raw) notes.push(`raw (a) p50 ${ms(raw.latency.p50)}, p99 ${ms(raw.latency.p99)}: the gateway path adds ${ms(load.latency.p50 - raw.latency.p50)} at p50`);
  if (echo) notes.push(`one read = one NATS request/reply gateway → records; (c) round trip alone is ${ms(echo.roundTrip.p50)} p50 at 1 in flight, ${ms(echo.concurrent.p50)} at 32`);
  return {
    figure: loadFigure(load, 'req', connections),
    target: 'ratio ≥ 0.5, p99 ≤ 10 ms',
    baseline: raw ? `(a) ${fmt(raw.reqPerSec, 0)} req/s, p99 ${ms(raw.latency.p99)}` : undefined,
    ratio: r,
    ratioMeaning: 'of raw req/s',
    meetsTarget: r !== undefined && r >= 0.5 && load.latency.p99 <= 10,
    metrics: { load: loadMetrics(load), raw },
    notes,
  };
}

export function createRow(load: LoadResult, connections: number, concurrent?: { perSecond: number }, loop?: { perSecond: number }): Row {
  const r = concurrent ? ratio(load.reqPerSec, concurrent.perSecond) : undefined;
  return {
    figure: loadFigure(load, 'creates', connections),
    target: 'ratio ≥ 0.35',
    baseline: concurrent ? `(b) the same durable INSERTs from ${connections} connections: ${fmt(concurrent.perSecond, 0)} records/s` : undefined,
    ratio: r,
    ratioMeaning: `of the raw INSERTs at the same concurrency`,
    meetsTarget: r !== undefined && r >= 0.35,
    metrics: { load: loadMetrics(load) },
    notes: [
      `status codes ${JSON.stringify(load.statusCodes)}; values in 3 scopes (product-name global/da/de), unique sku per request`,
      ...(loop ? [`history: against the old one-connection loop baseline (${fmt(loop.perSecond, 0)} records/s) the ratio is ${fmt(ratio(load.reqPerSec, loop.perSecond), 2)}`] : []),
    ],
  };
}

export function listRow(load: LoadResult, connections: number, data: BenchData, explains: (ListExplain & { rows: number })[]): Row {
  const rawMs = explains.reduce((sum, e) => sum + e.pageMs + e.countMs, 0) / Math.max(1, explains.length);
  const largest = explains[0];
  const notes = [
    `${fmt(data.count, 0)} records (${fmt(data.tableMb, 0)} MB with indexes) over ${data.filters.length} schema × state filters of ${fmt(data.filters[data.filters.length - 1].rows, 0)}..${fmt(data.filters[0].rows, 0)} rows; COPY ${fmt(data.copySeconds, 1)} s, VACUUM ANALYZE ${fmt(data.vacuumSeconds, 1)} s`,
    `status codes ${JSON.stringify(load.statusCodes)}`,
  ];
  if (largest) {
    notes.push(`largest filter (${largest.rows.toLocaleString('en-US')} rows), EXPLAIN ANALYZE of the service's own queries: page ${ms(largest.pageMs)}, total ${ms(largest.countMs)}`);
    const scan = (plan: string) => plan.split('\n').find((line) => /Scan/.test(line))?.trim().replace(/\s+\(cost=.*?\)/, '') ?? '';
    notes.push(`page plan: ${scan(largest.pagePlan)}; total plan: ${scan(largest.countPlan)}`);
    if (load.latency.p50 > 10 * Math.max(rawMs, 0.1)) {
      notes.push(
        `the database answers in ${ms(rawMs)}: the rest of the ${ms(load.latency.p50)} p50 is CPU in the gateway and records processes ` +
          '(decoding 50 rows, the NATS round trip, parsing and re-serialising the page) and queueing for the 2 cores they share with the load generator',
      );
    }
  }
  return {
    figure: loadFigure(load, 'req', connections),
    target: 'p99 ≤ 50 ms',
    baseline: `raw SQL page + count ${ms(rawMs)} (mean over filters)`,
    ratio: ratio(load.latency.p50, rawMs),
    ratioMeaning: 'p50 ÷ raw SQL, lower is better',
    meetsTarget: load.latency.p99 <= 50,
    metrics: { load: loadMetrics(load), rawSqlMs: rawMs, explains: explains.map(({ pagePlan: _p, countPlan: _c, ...rest }) => rest), plans: largest && { page: largest.pagePlan, count: largest.countPlan } },
    notes,
  };
}

export function completenessRow(r: CompletenessBenchResult): Row {
  return {
    figure: `${fmt(r.completenessUs, 0)} µs per record (500 attributes × 24 slots), the state's plan reused`,
    target: `≤ ${r.targetUs} µs`,
    baseline: `Set probe of the same 12,000 slot keys ${fmt(r.baselineUs, 0)} µs`,
    ratio: r.ratio,
    ratioMeaning: '× raw time, lower is better',
    meetsTarget: r.completenessUs <= r.targetUs,
    metrics: { ...r },
    notes: [
      `mean over ${fmt(r.iterations, 0)} records, values parsed from JSON as off NATS; the same loop took ${fmt(r.completenessCpuUs, 0)} µs of this process's CPU per record (wall time above also counts other processes on the machine)`,
      `a single record through the workflow service's plan cache (key from schema, state and dimensions, lookup, scoring): ${fmt(r.cachedUs, 0)} µs; ` +
        `cold, building the plan for that one record (a cache miss: after a schema, workflow or dimension change): ${fmt(r.coldUs, 0)} µs`,
    ],
  };
}

export function rescoreRow(r: RescoreBenchResult, targetPerSecond: number): Row {
  const per100k = (100_000 / r.perSecond).toFixed(1);
  return {
    figure: `${fmt(r.seconds, 2)} s for ${fmt(r.records, 0)} records (${fmt(r.perSecond, 0)} records/s, ${per100k} s per 100,000)`,
    target: '≤ 30 s per 100,000 records',
    baseline: `raw: the same keyset SELECTs through pg, scored in-process with the same plans ${fmt(r.rawSeconds, 2)} s (${fmt(r.rawPerSecond, 0)} records/s)`,
    ratio: ratio(r.perSecond, r.rawPerSecond),
    ratioMeaning: 'of raw records/s',
    meetsTarget: r.perSecond >= targetPerSecond,
    metrics: { ...r },
    notes: [
      `the records service's background re-score of the COPYed records (500 a transaction, summaries kept by the score writes), from the first ` +
        `GET /schemas/schema-bench-rescore/completeness (which notices them) until it answers current: true; endpoint and raw baseline then produced the same report`,
      `the report once current, through the gateway: ${fmt(r.reportMs, 0)} ms (each record against its own state; records reported ${fmt(r.serverMs, 0)} ms); ` +
        `with ?lifecycleStateId=state-published (every record against one state): ${fmt(r.oneStateSeconds * 1000, 0)} ms`,
      `report: ${fmt(r.report.complete, 0)} complete, average ${r.report.averagePercentage ?? '-'}%, most missed ${r.report.mostMissing
        .slice(0, 3)
        .map((slot) => `${slot.attributeAlias}${Object.keys(slot.scope).length ? ` ${JSON.stringify(slot.scope)}` : ''} (${fmt(slot.records, 0)})`)
        .join(', ')}`,
      `data: a copy of the demo apparel schema and workflow (9 attributes, 2 dimensions, 3 states, a guard); ${fmt(r.records, 0)} records COPYed in ${fmt(r.copySeconds, 1)} s, VACUUM ANALYZE ${fmt(r.vacuumSeconds, 1)} s`,
    ],
  };
}

/** The apply target: ≥ 1,000 ops/s at any size, and a 100,000-operation set within 60 s. */
export function meetsApplyTarget(operations: number, seconds: number): boolean {
  return operations / seconds >= 1000 && (operations < 100_000 || seconds <= 60);
}

export function applyRow(
  figures: ApplyFigures,
  raw?: { perSecond: number; seconds: number },
  setBased?: { perSecond: number; seconds: number },
): Row {
  const failed = figures.result?.errors.length ?? 0;
  const notes = [
    `POST /apply answered ${figures.answeredWith}; status ${figures.status}; ${figures.result?.applied ?? 0} applied, ${failed} failed; building the set (create, NDJSON appends of 5,000 operations, submit, approve) took ${fmt(figures.prepareSeconds, 1)} s, not counted`,
  ];
  if (figures.recordsDoneSeconds !== undefined) {
    notes.push(
      `records had applied every chunk after ${fmt(figures.recordsDoneSeconds, 2)} s; the remaining ${fmt(figures.seconds - figures.recordsDoneSeconds, 2)} s waited for the audit trail to confirm every event`,
    );
  }
  if (raw) {
    notes.push(
      `history: the ratio was against (b1), the same updates as raw SQL row by row (lock, update, event) in one transaction: ${fmt(raw.perSecond, 0)} ops/s (${fmt(raw.seconds, 2)} s), ` +
        `${fmt(figures.opsPerSec / raw.perSecond, 2)} of it`,
    );
  }
  const r = setBased ? ratio(figures.opsPerSec, setBased.perSecond) : undefined;
  return {
    status: failed > 0 || figures.status !== 'applied' ? 'error' : 'ok',
    error: failed > 0 ? `${failed} operations failed: ${JSON.stringify(figures.result?.errors.slice(0, 3))}` : figures.status !== 'applied' ? `status ${figures.status}` : undefined,
    figure: `${fmt(figures.seconds, 2)} s for ${fmt(figures.operations, 0)} updates (${fmt(figures.opsPerSec, 0)} ops/s)`,
    target: '≤ 10 s per 10,000 (≥ 1,000 ops/s); 100,000 in ≤ 60 s',
    baseline: setBased
      ? `(b) the same updates and their outbox events as set-based SQL (UPDATE … FROM unnest, INSERT … SELECT) in one transaction: ${fmt(setBased.perSecond, 0)} ops/s (${fmt(setBased.seconds, 2)} s)`
      : undefined,
    ratio: r,
    ratioMeaning: 'of the set-based raw ops/s (the same durable work minus per-operation validation, idempotency, audit confirmation and the bus)',
    meetsTarget: meetsApplyTarget(figures.operations, figures.seconds),
    metrics: { ...figures, raw, setBased },
    notes,
  };
}

export function memoryRow(
  idle: Record<string, number>,
  peak: Record<string, number>,
  after: Record<string, number>,
  floor: { plainMb?: number },
): Row {
  const names = Object.keys(idle);
  if (names.length === 0) {
    return { status: 'skipped', figure: 'no service process ids (set PIM_PIDS=name=pid,... with PIM_URL)', metrics: {}, notes: [] };
  }
  const maxIdle = Math.max(...Object.values(idle));
  const each = (values: Record<string, number>) => names.map((n) => `${n} ${fmt(values[n], 0)}`).join(', ');
  const notes = [
    `VmRSS from /proc/<pid>/status of each spawned service; idle 2 s after start, peak sampled every 200 ms during cases 1, 2, 4 and 6; idle again after the load: ${each(after)} MB`,
    'services run compiled, as npm start and the image run them: `node dist/apps/<app>/src/main.js` (tools/build/build.js)',
  ];
  return {
    figure: `idle max ${fmt(maxIdle, 0)} MB (${each(idle)}); ${Object.keys(peak).length ? `under load peak ${each(peak)} MB` : 'under load: not measured (no load case ran)'}`,
    target: 'idle ≤ 150 MB each',
    baseline: floor.plainMb ? `bare node + pg + nats + http ${fmt(floor.plainMb, 0)} MB` : undefined,
    ratio: floor.plainMb ? ratio(maxIdle, floor.plainMb) : undefined,
    ratioMeaning: 'largest idle ÷ bare node loading the same drivers, lower is better',
    meetsTarget: maxIdle <= 150,
    metrics: { idleMb: idle, peakUnderLoadMb: peak, idleAfterLoadMb: after, runtimeFloorMb: floor },
    notes,
  };
}

export function searchRow(load: LoadResult, connections: number, data: BenchData, raw: RawSearch): Row {
  return {
    figure: loadFigure(load, 'req', connections),
    target: 'p99 ≤ 50 ms',
    baseline: `raw SQL, the service's page + total statements, ${connections} connections: ${fmt(raw.perSecond, 0)} req/s, p50 ${ms(raw.latency.p50)}, p99 ${ms(raw.latency.p99)}`,
    ratio: ratio(load.reqPerSec, raw.perSecond),
    ratioMeaning: 'req/s ÷ raw SQL req/s, higher is better',
    meetsTarget: load.latency.p99 <= 50,
    metrics: { load: loadMetrics(load), raw },
    notes: [
      `filters=[product-name (da) eq <name>] over ${fmt(data.count, 0)} records, cycling ${fmt(data.sampleNames.length, 0)} names; the first matches ${fmt(raw.sampleMatches, 0)} records`,
      `status codes ${JSON.stringify(load.statusCodes)}`,
    ],
  };
}
