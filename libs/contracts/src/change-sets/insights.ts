import type { SourceType } from './change-sets';

/** How far back insights may look in one request, and how many rows each breakdown lists. */
export const INSIGHTS_MAX_PERIOD_DAYS = 366;
export const INSIGHTS_DEFAULT_PERIOD_DAYS = 30;
export const INSIGHTS_MAX_ROWS = 100;

export interface InsightsRequest {
  /** ISO instants; sets submitted in [from, to) count. Default: the last INSIGHTS_DEFAULT_PERIOD_DAYS days up to now. */
  from?: string;
  to?: string;
}

/** Decisions on proposed changes (attribute × scope): an operation decided as a whole decides its changes. */
export interface Acceptance {
  decidedChanges: number;
  approvedChanges: number;
  /** approvedChanges ÷ decidedChanges, null when nothing was decided. */
  acceptanceRate: number | null;
}

/** From submission to the reviewer's decision (approve, reject or request a revision), over the sets decided. */
export interface TimeToDecision {
  decidedSets: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface SourceTypeInsight extends Acceptance {
  sourceType: SourceType;
  sets: number;
  timeToDecision: TimeToDecision;
}

/** One source (an agent, a supplier feed, a user…) by its key: source.id, else `<type>:<name>`. */
export interface SourceInsight extends SourceTypeInsight {
  sourceKey: string;
  sourceName: string;
}

export interface AttributeInsight extends Acceptance {
  attributeAlias: string;
}

export interface ChangeSetInsights {
  from: string;
  to: string;
  bySourceType: SourceTypeInsight[];
  /** The sources with the most decided changes, at most INSIGHTS_MAX_ROWS. */
  bySource: SourceInsight[];
  /** The same for agents only (source type agent). */
  byAgent: SourceInsight[];
  /** The attributes with the most decided changes, at most INSIGHTS_MAX_ROWS. */
  byAttribute: AttributeInsight[];
}
