import type { Scope } from '../records/records';
import type { MissingSlot } from './workflow';

/** One proposed change of a value: sets (or, with null, clears) one attribute × scope. */
export interface ProposedValueChange {
  attributeAlias: string;
  /** Omitted or {}: the global value. */
  scope?: Scope;
  newValue: unknown;
}

/**
 * A record and the changes proposed to it: `recordId` for an existing record, or `schemaId` for a
 * record still to be created (scored from no values, in its workflow's initial state).
 */
export interface CompletenessPreviewItem {
  recordId?: string;
  schemaId?: string;
  changes: ProposedValueChange[];
}

/** `workflow.completeness.preview`: at most COMPLETENESS_PREVIEW_MAX_ITEMS items per request (callers chunk). */
export interface CompletenessPreviewRequest {
  items: CompletenessPreviewItem[];
}

export interface CompletenessScore {
  percentage: number;
  filled: number;
  total: number;
}

/** The record's completeness in its current state before and after the changes. */
export interface StateCompletenessPreview {
  lifecycleStateId: string;
  before: CompletenessScore;
  after: CompletenessScore;
  /** The slots still missing after the changes, attributes in the state's order. */
  missingAfter: MissingSlot[];
}

/** The same for the target state of a transition out of the record's state that requires completeness. */
export interface NextStateCompletenessPreview {
  lifecycleStateId: string;
  transitionId: string;
  before: CompletenessScore;
  after: CompletenessScore;
}

export interface CompletenessPreview {
  state: StateCompletenessPreview;
  next: NextStateCompletenessPreview[];
}

/** Per item, in request order: its preview, or why it has none (e.g. the record is gone, the schema has no workflow). */
export type CompletenessPreviewResult = CompletenessPreview | { error: { code: string; message: string } };

export interface CompletenessPreviewResponse {
  items: CompletenessPreviewResult[];
}

export const COMPLETENESS_PREVIEW_MAX_ITEMS = 200;
