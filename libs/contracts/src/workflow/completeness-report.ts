import type { Scope } from '../records/records';

export interface SchemaCompletenessRequest {
  schemaId: string;
  /** Score every record against this state; omitted: each record against its own current state. */
  lifecycleStateId?: string;
}

/** Records whose percentage falls in from..to (both inclusive). */
export interface CompletenessBucket {
  from: number;
  to: number;
  records: number;
}

/** A slot and how many scored records miss it. */
export interface MissingSlotCount {
  attributeAlias: string;
  scope: Scope;
  records: number;
}

/** Records that could not be scored: their current state is not a state of the schema's workflow. */
export interface UnscoredRecords {
  lifecycleStateId: string;
  records: number;
}

/** Completeness of every record of a schema (GET /schemas/:schemaId/completeness). */
export interface SchemaCompletenessReport {
  schemaId: string;
  /** The state every record was scored against; null: each record against its own current state. */
  lifecycleStateId: string | null;
  /** Records scored. */
  records: number;
  /** Records with every visible required slot filled (total 0 counts as complete). */
  complete: number;
  /** Mean of the records' percentages, one decimal; null when no record was scored. */
  averagePercentage: number | null;
  /** 0–9, 10–19, …, 90–99 and 100 (rounded percentages, so 100 may hold a record with 99.5% or more). */
  buckets: CompletenessBucket[];
  /** The 20 slots missed by most records, most first (ties by alias, then scope). */
  mostMissing: MissingSlotCount[];
  /** Records left out because the workflow does not know their current state (only without lifecycleStateId). */
  unscored: UnscoredRecords[];
  scoredAt: string;
  durationMs: number;
}

export const MOST_MISSING_LIMIT = 20;
