import { type MissingSlotCount, type SchemaCompletenessReport, scopeKey, type ValuesMap } from '@sigma/contracts';
import { percentageOf } from './completeness';
import type { CompletenessPlan } from './plan';
import { averagePercentage, BUCKET_COUNT, bucketOf, mostMissing, reportBuckets } from './report-figures';

/**
 * Scores records from their values and aggregates them into a schema report (what the stored
 * report is checked against, and the bench's raw baseline), one record at a time (nothing per
 * record is kept): counts, percentage buckets, and per plan slot how many records miss it.
 */
export class CompletenessReportBuilder {
  private records = 0;
  private complete = 0;
  private percentageSum = 0;
  private readonly buckets = new Array<number>(BUCKET_COUNT).fill(0);
  private readonly missedSlots = new Map<CompletenessPlan, Uint32Array>();
  private readonly unscored = new Map<string, number>();

  constructor(
    private readonly schemaId: string,
    private readonly lifecycleStateId: string | null,
  ) {}

  /** Scores one record against the plan of the state it is scored for. */
  add(plan: CompletenessPlan, values: ValuesMap): void {
    const { filled, total } = plan.score(values);
    const percentage = percentageOf(filled, total);
    this.records++;
    if (filled === total) this.complete++;
    this.percentageSum += percentage;
    this.buckets[bucketOf(percentage)]++;
    if (filled === total) return;
    let counts = this.missedSlots.get(plan);
    if (!counts) {
      counts = new Uint32Array(plan.slotCount);
      this.missedSlots.set(plan, counts);
    }
    plan.countMissingOfLast(counts);
  }

  /** A record that cannot be scored: its state is not one of the workflow's. */
  skip(lifecycleStateId: string): void {
    this.unscored.set(lifecycleStateId, (this.unscored.get(lifecycleStateId) ?? 0) + 1);
  }

  report(scoredAt: Date, durationMs: number): SchemaCompletenessReport {
    return {
      schemaId: this.schemaId,
      lifecycleStateId: this.lifecycleStateId,
      records: this.records,
      complete: this.complete,
      averagePercentage: averagePercentage(this.percentageSum, this.records),
      buckets: reportBuckets(this.buckets),
      mostMissing: this.mostMissing(),
      unscored: [...this.unscored]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([lifecycleStateId, records]) => ({ lifecycleStateId, records })),
      scoredAt: scoredAt.toISOString(),
      // Scored from the records' values just now: current by construction.
      current: true,
      pendingRecords: 0,
      pendingSince: null,
      durationMs: Math.round(durationMs),
    };
  }

  /** The same slot missed under several states (plans) counts once per record, summed across plans. */
  private mostMissing(): MissingSlotCount[] {
    const bySlot = new Map<string, MissingSlotCount>();
    for (const [plan, counts] of this.missedSlots) {
      for (let slot = 0; slot < counts.length; slot++) {
        if (counts[slot] === 0) continue;
        const { attributeAlias, scope } = plan.slotAt(slot);
        const key = `${attributeAlias}\u0000${scopeKey(scope)}`;
        const entry = bySlot.get(key);
        if (entry) entry.records += counts[slot];
        else bySlot.set(key, { attributeAlias, scope, records: counts[slot] });
      }
    }
    return mostMissing(bySlot.values());
  }
}
