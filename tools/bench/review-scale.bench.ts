/**
 * Case 12: does a second change-sets replica raise review throughput? Starts its own system twice,
 * one after the other (1 change-sets process, then 2; every other app 1, one gateway), each on a
 * fresh database seeded alike, and measures in each: reviewers deciding operations one at a time,
 * and K approved sets applied at once, then reads every applied set back for exactly-once.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { type ApplyResult, type AuditEntryDto, type OperationPage } from '@sigma/contracts';
import { type CpuLimit, limitCpu } from './cpu-limit';
import { CpuMeter } from './cpu-meter';
import { generateRecords } from './data';
import { type MaterialTarget, submittedMaterialSet } from './material-sets';
import { type AppliedSetReadBack, exactlyOnceProblems, type SystemFigures } from './review-scale';
import { latency, sleep } from './stats';
import { type BenchSystem, openSystem } from './system';

export interface ReviewScaleSizes {
  reviewers: number;
  /** Sets decided one operation at a time, and operations in each. */
  decisionSets: number;
  decisionsPerSet: number;
  applySets: number;
  operationsPerApplySet: number;
  applyLimitMs: number;
  /**
   * CPU limit of each change-sets replica (cores), as a pod's `resources.limits.cpu`: on a machine
   * whose two cores every process shares, it makes change-sets the bottleneck that a replica relieves.
   */
  replicaCpu: number;
}

export const REVIEW_SCALE_QUICK: ReviewScaleSizes = {
  reviewers: 16,
  decisionSets: 16,
  decisionsPerSet: 5,
  applySets: 4,
  operationsPerApplySet: 50,
  applyLimitMs: 60_000,
  replicaCpu: 0.2,
};
export const REVIEW_SCALE_FULL: ReviewScaleSizes = {
  reviewers: 16,
  decisionSets: 96,
  decisionsPerSet: 25,
  applySets: 8,
  operationsPerApplySet: 500,
  applyLimitMs: 5 * 60_000,
  replicaCpu: 0.2,
};

/** Warm-up before each measure (not timed): one set of this many operations per reviewer, and this many small applies. */
const WARM_DECISIONS = 2;
const WARM_APPLY_SETS = 2;
const WARM_APPLY_OPERATIONS = 10;
/** COPY seeds every record at this version. */
const SEEDED_VERSION = 1;

interface SubmittedSet {
  id: string;
  operations: { id: string; entityId?: string }[];
}

/** A submitted (pending approval) set of one material update per target, with its operations. */
async function submittedSet(system: BenchSystem, targets: readonly MaterialTarget[], label: string): Promise<SubmittedSet> {
  const id = await submittedMaterialSet(system, targets, `Bench review scale ${label}`, label);
  return { id, operations: await allOperations(system, id) };
}

async function allOperations(system: BenchSystem, id: string): Promise<OperationPage['items']> {
  const items: OperationPage['items'] = [];
  let cursor: string | undefined;
  do {
    const { body } = await system.call<OperationPage>('GET', `/change-sets/${id}/operations?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

async function allAuditEntries(system: BenchSystem, id: string): Promise<AuditEntryDto[]> {
  const items: AuditEntryDto[] = [];
  let after: string | undefined;
  do {
    const { body } = await system.call<{ items: AuditEntryDto[]; nextCursor?: string }>('GET', `/change-sets/${id}/audit?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    items.push(...body.items);
    after = body.nextCursor;
  } while (after);
  return items;
}

/** Each reviewer works through its own sets (set i goes to reviewer i mod R), one operation at a time. */
async function decide(system: BenchSystem, sets: readonly SubmittedSet[], reviewers: number): Promise<{ seconds: number; times: number[] }> {
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: reviewers }, async (_, reviewer) => {
      for (let i = reviewer; i < sets.length; i += reviewers) {
        for (const operation of sets[i].operations) {
          const at = performance.now();
          await system.call('POST', `/change-sets/${sets[i].id}/operations/${operation.id}/approve`, {});
          times.push(performance.now() - at);
        }
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, times };
}

/** Sends every apply at once; resolves with the seconds to the last appliedAt and each POST's status. */
async function applyAll(system: BenchSystem, ids: readonly string[], limitMs: number): Promise<{ seconds: number; answeredWith: number[] }> {
  const started = Date.now();
  const answers = await Promise.all(ids.map((id) => system.call<ApplyResult>('POST', `/change-sets/${id}/apply`, undefined, [200, 202, 504])));
  let last = 0;
  const open = new Set(ids);
  while (open.size > 0) {
    if (Date.now() - started > limitMs) throw new Error(`${open.size} of ${ids.length} sets not applied within ${limitMs / 1000} s`);
    // A read of a set compares its operations with the records: once a second keeps it from taking over the machine.
    await sleep(1000);
    for (const id of [...open]) {
      const { body } = await system.call<{ status: string; appliedAt?: string }>('GET', `/change-sets/${id}`);
      if (body.status === 'applied' || body.status === 'partially_applied') {
        open.delete(id);
        last = Math.max(last, body.appliedAt ? Date.parse(body.appliedAt) : Date.now());
      }
    }
  }
  return { seconds: (last - started) / 1000, answeredWith: answers.map((answer) => answer.status) };
}

async function readBack(system: BenchSystem, sql: Client, set: SubmittedSet): Promise<AppliedSetReadBack> {
  const operations = await allOperations(system, set.id);
  const audit = await allAuditEntries(system, set.id);
  const ids = operations.map((operation) => operation.entityId).filter((id): id is string => id !== undefined);
  const { rows } = await sql.query<{ id: string; version: number }>('SELECT id, version FROM records.record WHERE id = ANY($1)', [ids]);
  return { setId: set.id, operations, audit, versions: new Map(rows.map((row) => [row.id, Number(row.version)])) };
}

/** One system with `replicas` change-sets processes: start, seed, warm up, measure, check, stop. */
async function measureSystem(replicas: number, sizes: ReviewScaleSizes, seed: number, log: (line: string) => void): Promise<SystemFigures> {
  const starting = performance.now();
  const system = await openSystem(log, { label: `scale${replicas}`, replicas: { 'change-sets': replicas } });
  const limits: CpuLimit[] = [];
  try {
    for (const [name, pid] of system.pids()) if (name.startsWith('change-sets')) limits.push(limitCpu(pid, sizes.replicaCpu, name));
    const startSeconds = (performance.now() - starting) / 1000;
    const preparing = performance.now();
    const decisionTargets = sizes.decisionSets * sizes.decisionsPerSet;
    const applyTargets = sizes.applySets * sizes.operationsPerApplySet;
    const needed = sizes.reviewers * WARM_DECISIONS + decisionTargets + WARM_APPLY_SETS * WARM_APPLY_OPERATIONS + applyTargets;
    const data = await generateRecords(system, needed, { seed, keepApparel: needed, samples: 1, schemaId: 'schema-apparel' });
    let targets = data.apparel;
    const take = (count: number) => {
      const taken = targets.slice(0, count);
      targets = targets.slice(count);
      return taken;
    };
    const warmDecisionSets = [];
    for (let i = 0; i < sizes.reviewers; i++) warmDecisionSets.push(await submittedSet(system, take(WARM_DECISIONS), `warm ${i}`));
    const decisionSets = [];
    for (let i = 0; i < sizes.decisionSets; i++) decisionSets.push(await submittedSet(system, take(sizes.decisionsPerSet), `decide ${i}`));
    const approved = async (count: number, operations: number, label: string) => {
      const sets = [];
      for (let i = 0; i < count; i++) {
        const set = await submittedSet(system, take(operations), `${label} ${i}`);
        await system.call('POST', `/change-sets/${set.id}/approve`, {});
        sets.push(set);
      }
      return sets;
    };
    const warmApplySets = await approved(WARM_APPLY_SETS, WARM_APPLY_OPERATIONS, 'warm apply');
    const applySets = await approved(sizes.applySets, sizes.operationsPerApplySet, 'apply');
    const prepareSeconds = (performance.now() - preparing) / 1000;
    log(`review-scale, ${replicas} change-sets replica(s): system up in ${startSeconds.toFixed(1)} s, ${needed} records and the sets built in ${prepareSeconds.toFixed(1)} s`);

    await decide(system, warmDecisionSets, sizes.reviewers);
    const decisionCpu = new CpuMeter(system.pids, system.databaseUrl);
    await decisionCpu.edge('start');
    const decided = await decide(system, decisionSets, sizes.reviewers);
    await decisionCpu.edge('end');

    await applyAll(system, warmApplySets.map((set) => set.id), sizes.applyLimitMs);
    const applyCpu = new CpuMeter(system.pids, system.databaseUrl);
    await applyCpu.edge('start');
    const applied = await applyAll(system, applySets.map((set) => set.id), sizes.applyLimitMs);
    await applyCpu.edge('end');

    const sql = new Client({ connectionString: system.databaseUrl, application_name: 'bench-review-scale' });
    await sql.connect();
    const problems: string[] = [];
    try {
      for (const set of [...warmApplySets, ...applySets]) problems.push(...exactlyOnceProblems(await readBack(system, sql, set), SEEDED_VERSION));
    } finally {
      await sql.end();
    }
    return {
      replicas,
      replicaCpu: sizes.replicaCpu,
      cores: os.cpus().length,
      startSeconds,
      prepareSeconds,
      problems,
      decisions: {
        reviewers: sizes.reviewers,
        sets: sizes.decisionSets,
        decisions: decided.times.length,
        seconds: decided.seconds,
        perSecond: decided.times.length / decided.seconds,
        latency: latency(decided.times),
        cpu: decisionCpu.perRequest(decided.times.length),
      },
      applies: {
        sets: sizes.applySets,
        operationsPerSet: sizes.operationsPerApplySet,
        seconds: applied.seconds,
        opsPerSec: applyTargets / applied.seconds,
        answeredWith: applied.answeredWith,
        cpu: applyCpu.perRequest(applyTargets),
      },
    };
  } finally {
    for (const limit of limits) limit.release();
    await system.stop();
  }
}

/** Both systems, one after the other (never side by side on the shared cores). */
export async function reviewScaleCase(sizes: ReviewScaleSizes, seed: number, log: (line: string) => void): Promise<{ one: SystemFigures; two: SystemFigures }> {
  const one = await measureSystem(1, sizes, seed, log);
  const two = await measureSystem(2, sizes, seed, log);
  return { one, two };
}
