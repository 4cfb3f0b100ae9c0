import { DomainError, INSIGHTS_DEFAULT_PERIOD_DAYS, INSIGHTS_MAX_PERIOD_DAYS } from '@sigma/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The period insights cover: [from, to), by default the last INSIGHTS_DEFAULT_PERIOD_DAYS days up
 * to now, at most INSIGHTS_MAX_PERIOD_DAYS long (the work per request stays bounded).
 */
export function insightsPeriod(from: string | undefined, to: string | undefined, now = new Date()): { from: Date; to: Date } {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - INSIGHTS_DEFAULT_PERIOD_DAYS * DAY_MS);
  if (start.getTime() >= end.getTime()) throw DomainError.validation([{ field: 'from', rule: 'before', message: 'from must be before to' }]);
  if (end.getTime() - start.getTime() > INSIGHTS_MAX_PERIOD_DAYS * DAY_MS) {
    throw DomainError.validation([{ field: 'from', rule: 'maxPeriod', message: `the period may span at most ${INSIGHTS_MAX_PERIOD_DAYS} days` }]);
  }
  return { from: start, to: end };
}

/** approved ÷ decided, rounded to 4 places; null when nothing was decided. */
export const acceptanceRate = (approved: number, decided: number): number | null => (decided === 0 ? null : Math.round((approved / decided) * 10_000) / 10_000);
