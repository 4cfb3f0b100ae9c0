import type { MissingSlotCount, SchemaCompletenessReport } from '@sigma/contracts';
import { averagePercentage, BUCKET_COUNT, mostMissing, parseSlotKey, reportBuckets } from '@sigma/completeness';

/** Summed shards of `completeness_summary`: one (state, own, bucket). */
export interface SummaryRow {
  stateId: string;
  /** Counts records whose current state this is (else records scored for a state they are not in). */
  own: boolean;
  bucket: number;
  records: number;
  complete: number;
  percentSum: number;
}

/** Summed shards of `completeness_missing`: how many records miss one slot in one (state, own). */
export interface MissingRow {
  stateId: string;
  own: boolean;
  slot: string;
  records: number;
}

export interface StoredReportInput {
  schemaId: string;
  lifecycleStateId: string | null;
  /** The states of the stored rule; null when records has no rule for the schema yet. */
  ruleStateIds: readonly string[] | null;
  /** The stored rule is older than the workflow asked about (its push has not arrived). */
  ruleBehind: boolean;
  summaries: readonly SummaryRow[];
  missing: readonly MissingRow[];
  /** The schema's records by current state (the exact `record_count`). */
  recordsByState: ReadonlyMap<string, number>;
  /** A queued or running re-score of the schema. */
  rescore: { requestedAt: Date; done: number } | null;
  scoredAt: Date;
}

export interface StoredReport {
  report: Omit<SchemaCompletenessReport, 'durationMs'>;
  /** Records are missing scores and no re-score is queued (written behind the service's back): one should be. */
  needsRescore: boolean;
}

/**
 * The report from the summaries, and how current it is. The summaries count every stored score;
 * whether every record has one is checked against the exact record counts: with ?lifecycleStateId
 * every record of the schema needs a score in that state, otherwise every record in a rule state a
 * score in its own state. A shortfall, a queued re-score or a rule behind the workflow's makes
 * the report not current, never silently stale.
 */
export function storedReport(input: StoredReportInput): StoredReport {
  const ruleStates = new Set(input.ruleStateIds ?? []);
  const selected = (row: { stateId: string; own: boolean }) =>
    input.lifecycleStateId !== null ? row.stateId === input.lifecycleStateId : row.own && ruleStates.has(row.stateId);

  const buckets = new Array<number>(BUCKET_COUNT).fill(0);
  let records = 0;
  let complete = 0;
  let percentSum = 0;
  /** Records counted per state, to check against the record counts state by state. */
  const countedByState = new Map<string, number>();
  for (const row of input.summaries) {
    if (!selected(row)) continue;
    buckets[row.bucket] += row.records;
    records += row.records;
    complete += row.complete;
    percentSum += row.percentSum;
    countedByState.set(row.stateId, (countedByState.get(row.stateId) ?? 0) + row.records);
  }
  // The same slot missed under several states counts once per record, summed across states.
  const bySlot = new Map<string, MissingSlotCount>();
  for (const row of input.missing) {
    if (!selected(row)) continue;
    const entry = bySlot.get(row.slot);
    if (entry) entry.records += row.records;
    else bySlot.set(row.slot, { ...parseSlotKey(row.slot), records: row.records });
  }

  let total = 0;
  const unscored: { lifecycleStateId: string; records: number }[] = [];
  for (const [stateId, count] of input.recordsByState) {
    total += count;
    if (input.lifecycleStateId === null && !ruleStates.has(stateId) && count > 0) unscored.push({ lifecycleStateId: stateId, records: count });
  }
  // With ?lifecycleStateId every record needs a score in that state. Otherwise each rule state's own
  // scores must match its records one for one: a score counted under a state its record has left (a
  // re-score that read the record before a lifecycle move committed) shows as well as a missing one.
  let shortfall = Math.abs(total - records);
  if (input.lifecycleStateId === null) {
    shortfall = 0;
    for (const stateId of ruleStates) shortfall += Math.abs((input.recordsByState.get(stateId) ?? 0) - (countedByState.get(stateId) ?? 0));
  }
  unscored.sort((a, b) => (a.lifecycleStateId < b.lifecycleStateId ? -1 : a.lifecycleStateId > b.lifecycleStateId ? 1 : 0));
  // Without the rule in force every record waits for its score under it.
  const pendingRecords = input.ruleStateIds === null || input.ruleBehind ? total : Math.max(shortfall, input.rescore ? Math.max(total - input.rescore.done, 0) : 0);
  const current = input.ruleStateIds !== null && !input.ruleBehind && input.rescore === null && shortfall === 0;
  return {
    report: {
      schemaId: input.schemaId,
      lifecycleStateId: input.lifecycleStateId,
      records,
      complete,
      averagePercentage: averagePercentage(percentSum, records),
      buckets: reportBuckets(buckets),
      mostMissing: mostMissing(bySlot.values()),
      unscored,
      scoredAt: input.scoredAt.toISOString(),
      current,
      pendingRecords: current ? 0 : pendingRecords,
      pendingSince: current ? null : (input.rescore?.requestedAt ?? input.scoredAt).toISOString(),
    },
    needsRescore: input.ruleStateIds !== null && input.rescore === null && shortfall !== 0,
  };
}
