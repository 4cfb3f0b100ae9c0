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
  /**
   * The instant the figures are of: every record write committed before it is counted. The figures
   * come from scores kept up to date on every write; see `current` for definition changes.
   */
  scoredAt: string;
  /**
   * Every record is counted with its score under the current workflow rule, schema and dimensions.
   * False while a definition change is being re-scored in the background (or records wait for
   * their first score): the figures then still count those records with their previous scores.
   */
  current: boolean;
  /** Records still to be re-scored before the report is current again (0 when current). */
  pendingRecords: number;
  /** When the definition change being re-scored was made; null when current. */
  pendingSince: string | null;
  durationMs: number;
}

/** Asks the records service, which keeps the scores and their summaries, for a schema's report. */
export interface StoredCompletenessReportRequest extends SchemaCompletenessRequest {
  /** The workflow's updatedAt: a stored rule older than it (a push not yet arrived) makes the report not current. */
  workflowUpdatedAt: string;
}

export const MOST_MISSING_LIMIT = 20;
