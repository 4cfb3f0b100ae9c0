import { type CompletenessBucket, MOST_MISSING_LIMIT, type MissingSlotCount, scopeKey } from '@sigma/contracts';

/** The figures of a schema completeness report, one definition for every way of computing it. */

export const BUCKET_COUNT = 11;

/** 0–9 → 0, …, 90–99 → 9, 100 → 10. */
export function bucketOf(percentage: number): number {
  return percentage >= 100 ? BUCKET_COUNT - 1 : Math.max(0, Math.floor(percentage / 10));
}

/** Record counts per bucket as the report's buckets. */
export function reportBuckets(counts: readonly number[]): CompletenessBucket[] {
  return Array.from({ length: BUCKET_COUNT }, (_, i) => ({ from: i * 10, to: i === BUCKET_COUNT - 1 ? 100 : i * 10 + 9, records: counts[i] ?? 0 }));
}

/** Mean percentage, one decimal; null without records. */
export function averagePercentage(percentageSum: number, records: number): number | null {
  return records === 0 ? null : Math.round((10 * percentageSum) / records) / 10;
}

/** The MOST_MISSING_LIMIT slots missed by most records, most first, ties by alias then scope; slots missed by none left out. */
export function mostMissing(slots: Iterable<MissingSlotCount>): MissingSlotCount[] {
  const keyed: (MissingSlotCount & { key: string })[] = [];
  for (const slot of slots) if (slot.records > 0) keyed.push({ ...slot, key: `${slot.attributeAlias}\u0000${scopeKey(slot.scope)}` });
  return keyed
    .sort((a, b) => b.records - a.records || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, MOST_MISSING_LIMIT)
    .map(({ attributeAlias, scope, records }) => ({ attributeAlias, scope, records }));
}
