/**
 * Case 12's plain logic: the exactly-once check of concurrently applied sets over the rows read
 * back, and the rows comparing a system with 2 change-sets replicas against one with 1.
 */
import type { Row } from './rows';
import type { Latency } from './stats';
import { fmt, ratio } from './stats';

export interface AppliedSetReadBack {
  setId: string;
  operations: { id: string; status: string; entityId?: string }[];
  audit: { operationId?: string; entityId: string; changeSetId?: string }[];
  /** Record id → version now, for the records the set updates. */
  versions: Map<string, number>;
}

/**
 * Problems with one applied set of updates on distinct records, each record at `versionBefore`
 * and touched by nothing else: every operation applied, exactly one audit entry per operation
 * (none for anything else), and each record's version bumped exactly once.
 */
export function exactlyOnceProblems(set: AppliedSetReadBack, versionBefore: number): string[] {
  const problems: string[] = [];
  const operationIds = new Set(set.operations.map((operation) => operation.id));
  for (const operation of set.operations) {
    if (operation.status !== 'applied') problems.push(`${set.setId}: operation ${operation.id} is ${operation.status}`);
  }
  const entries = new Map<string, number>();
  for (const entry of set.audit) {
    if (entry.changeSetId !== set.setId || !entry.operationId || !operationIds.has(entry.operationId)) {
      problems.push(`${set.setId}: audit entry for ${entry.entityId} names ${entry.changeSetId}/${entry.operationId}, not an operation of the set`);
      continue;
    }
    entries.set(entry.operationId, (entries.get(entry.operationId) ?? 0) + 1);
  }
  for (const operation of set.operations) {
    const count = entries.get(operation.id) ?? 0;
    if (count !== 1) problems.push(`${set.setId}: operation ${operation.id} has ${count} audit entries`);
    if (!operation.entityId) continue;
    const version = set.versions.get(operation.entityId);
    if (version !== versionBefore + 1) problems.push(`${set.setId}: record ${operation.entityId} is at version ${version ?? 'none'}, expected ${versionBefore + 1}`);
  }
  return problems;
}

export interface DecisionFigures {
  reviewers: number;
  sets: number;
  decisions: number;
  seconds: number;
  perSecond: number;
  latency: Latency;
  /** CPU per decision by process over the measured run (µs), from CpuMeter. */
  cpu: { process: string; microseconds: number }[];
}

export interface ApplyScaleFigures {
  sets: number;
  operationsPerSet: number;
  /** From the first POST /apply to the last set's appliedAt. */
  seconds: number;
  opsPerSec: number;
  answeredWith: number[];
  cpu: { process: string; microseconds: number }[];
}

export interface SystemFigures {
  replicas: number;
  /** The CPU limit of each change-sets replica (cores). */
  replicaCpu: number;
  decisions: DecisionFigures;
  applies: ApplyScaleFigures;
  problems: string[];
  startSeconds: number;
  prepareSeconds: number;
  /** CPUs of the machine (everything shares them). */
  cores: number;
}

const ms = (value: number) => `${fmt(value, value < 10 ? 2 : 1)} ms`;
const decisionFigure = (d: DecisionFigures) =>
  `${fmt(d.perSecond, 0)} decisions/s, p50 ${ms(d.latency.p50)}, p99 ${ms(d.latency.p99)}`;
const applyFigure = (a: ApplyScaleFigures) => `${fmt(a.seconds, 2)} s (${fmt(a.opsPerSec, 0)} ops/s)`;

/** The change-sets replicas' share of the CPU a measured run spent in change-sets. */
export function replicaShare(cpu: { process: string; microseconds: number }[]): string {
  const replicas = cpu.filter((entry) => entry.process === 'change-sets' || entry.process.startsWith('change-sets#'));
  const total = replicas.reduce((sum, entry) => sum + entry.microseconds, 0);
  if (replicas.length < 2 || total <= 0) return '';
  return replicas.map((entry) => `${entry.process} ${Math.round((100 * entry.microseconds) / total)}%`).join(', ');
}

/**
 * What the CPU of a measured run allows: the rate at which the machine's cores would be busy with
 * nothing else, and the part of the CPU change-sets (all replicas) spent, the only part a replica spreads.
 */
export function cpuBound(cpu: { process: string; microseconds: number }[], cores: number): { totalMicroseconds: number; capPerSecond: number; changeSetsPercent: number } {
  const total = cpu.reduce((sum, entry) => sum + entry.microseconds, 0);
  const changeSets = cpu.filter((entry) => entry.process === 'change-sets' || entry.process.startsWith('change-sets#')).reduce((sum, entry) => sum + entry.microseconds, 0);
  return { totalMicroseconds: total, capPerSecond: total > 0 ? (cores * 1e6) / total : NaN, changeSetsPercent: total > 0 ? (100 * changeSets) / total : NaN };
}

const cpuNote = (label: string, unit: string, cpu: SystemFigures['decisions']['cpu'], cores: number) => {
  const bound = cpuBound(cpu, cores);
  return (
    `${label}: CPU per ${unit} (user + system, /proc) ${cpu.map((e) => `${e.process} ${e.microseconds} µs`).join(', ')}; ` +
    `${fmt(bound.totalMicroseconds, 0)} µs in all, so ${cores} cores cap this at about ${fmt(bound.capPerSecond, 0)}/s, change-sets ${fmt(bound.changeSetsPercent, 0)}% of it` +
    (replicaShare(cpu) ? `; change-sets replicas' share ${replicaShare(cpu)}` : '')
  );
};

const limitNote = (figures: SystemFigures) =>
  `each change-sets replica is limited to ${fmt(figures.replicaCpu, 2)} CPU (a cgroup CFS quota, as a pod's resources.limits.cpu): a ${figures.cores}-core machine runs the gateway, ` +
  'every service, PostgreSQL, NATS and the load, and without the limit change-sets is not the bottleneck a replica relieves';

export function decisionsScaleRow(one: SystemFigures, two: SystemFigures): Row {
  const d = two.decisions;
  return {
    figure: `2 change-sets replicas of ${fmt(two.replicaCpu, 2)} CPU: ${decisionFigure(d)} (${d.reviewers} reviewers, ${fmt(d.decisions, 0)} decisions over ${d.sets} sets)`,
    baseline: `1 replica, same run: ${decisionFigure(one.decisions)}`,
    ratio: ratio(d.perSecond, one.decisions.perSecond),
    ratioMeaning: '2 replicas ÷ 1 replica decisions/s, > 1 means scaling',
    metrics: { one: one.decisions, two: two.decisions },
    notes: [
      'POST /change-sets/:id/operations/:opId/approve one operation at a time, each reviewer working through its own sets; one gateway, ' +
        `every other app 1 process; each system on its own fresh database with the same seeded records (started in ${fmt(one.startSeconds, 1)} s and ${fmt(two.startSeconds, 1)} s, ` +
        `records and sets built in ${fmt(one.prepareSeconds, 1)} s and ${fmt(two.prepareSeconds, 1)} s, not counted)`,
      cpuNote('1 replica', 'decision', one.decisions.cpu, one.cores),
      cpuNote('2 replicas', 'decision', two.decisions.cpu, two.cores),
      limitNote(two),
    ],
  };
}

export function appliesScaleRow(one: SystemFigures, two: SystemFigures): Row {
  const a = two.applies;
  return {
    figure: `2 change-sets replicas of ${fmt(two.replicaCpu, 2)} CPU: ${a.sets} sets × ${fmt(a.operationsPerSet, 0)} updates applied at once in ${applyFigure(a)}`,
    baseline: `1 replica, same run: ${applyFigure(one.applies)}`,
    ratio: ratio(one.applies.seconds, a.seconds),
    ratioMeaning: '1-replica seconds ÷ 2-replica seconds (= ops/s ratio), > 1 means scaling',
    metrics: { one: one.applies, two: two.applies },
    notes: [
      'every POST /change-sets/:id/apply sent together, then GET /change-sets/:id polled each second; time to the last appliedAt. ' +
        `Answers: 1 replica ${JSON.stringify(one.applies.answeredWith)}, 2 replicas ${JSON.stringify(a.answeredWith)}`,
      cpuNote('1 replica', 'applied operation', one.applies.cpu, one.cores),
      cpuNote('2 replicas', 'applied operation', a.cpu, two.cores),
      limitNote(two),
    ],
  };
}

export function exactlyOnceRow(one: SystemFigures, two: SystemFigures): Row {
  const problems = [...one.problems.map((p) => `1 replica: ${p}`), ...two.problems.map((p) => `2 replicas: ${p}`)];
  const operations = two.applies.sets * two.applies.operationsPerSet;
  return {
    status: problems.length > 0 ? 'error' : 'ok',
    error: problems.length > 0 ? `${problems.length} exactly-once violations: ${problems.slice(0, 3).join('; ')}` : undefined,
    figure:
      problems.length > 0
        ? `${problems.length} violations`
        : `in both systems every one of the ${fmt(operations, 0)} operations applied, with one audit entry each, and each record's version bumped once`,
    metrics: { problems: problems.slice(0, 100), violations: problems.length },
    notes: ['read back after the applies: GET /change-sets/:id/operations and /audit paged to the end, records.record versions by SQL (seeded at 1)'],
  };
}
