import type { CompletenessPreview } from '../workflow/completeness-preview';
import type { OperationStatus, OperationType } from './change-sets';

export const COMPLETENESS_PREVIEW_PAGE_DEFAULT_LIMIT = 100;
export const COMPLETENESS_PREVIEW_PAGE_MAX_LIMIT = 200;

/** A page of a set's operations with their completeness preview, by the cursor of the operations pages. */
export interface CompletenessPreviewPageRequest {
  id: string;
  /** Opaque: the `nextCursor` of the previous page (of this list or of the operations list). */
  cursor?: string;
  limit: number;
}

/**
 * Why an operation has no preview: a delete; an operation no longer pending or approved (rejected,
 * applied, failed); or the record or its workflow cannot be scored (`code` and `message` say why).
 */
export type NotPreviewedReason = 'delete' | 'not-open' | 'unscorable';

export interface OperationCompletenessPreview {
  operationId: string;
  type: OperationType;
  entityId?: string;
  schemaId: string;
  status: OperationStatus;
  /** The changes counted in `after`: every change but the rejected ones. */
  countedChanges: number;
  preview?: CompletenessPreview;
  notPreviewed?: { reason: NotPreviewedReason; code?: string; message: string };
}

/**
 * Records of the page that are incomplete before and complete after, per state (the record's state
 * and the target states of its gated transitions), and how many operations were previewed. Each
 * operation is scored against the record as it is now, on its own.
 */
export interface CompletenessPreviewSummary {
  recordsBecomingComplete: Record<string, number>;
  operations: number;
}

export interface CompletenessPreviewPage {
  items: OperationCompletenessPreview[];
  summary: CompletenessPreviewSummary;
  /** Operations in the whole set. */
  total: number;
  nextCursor?: string;
}
