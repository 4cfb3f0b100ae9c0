import type { Scope } from '../records/records';

export const CHANGE_SET_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  /** An apply is running (see ApplyProgressDto); it ends applied or partially_applied. */
  'applying',
  'rejected',
  'revision_requested',
  'applied',
  'partially_applied',
] as const;
export type ChangeSetStatus = (typeof CHANGE_SET_STATUSES)[number];

export const SOURCE_TYPES = ['agent', 'user', 'integration', 'import'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const OPERATION_TYPES = ['create', 'update', 'delete'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/** pending → approved | rejected during review; approved → applied | failed by apply. */
export type OperationStatus = 'pending' | 'approved' | 'rejected' | 'applied' | 'failed';
export type Rating = 'good' | 'bad';

/**
 * A reviewer's decision on one proposed change (attribute × scope). Stored only once taken
 * (approved, rejected); reads always show it, pending while undecided.
 */
export const CHANGE_DECISIONS = ['pending', 'approved', 'rejected'] as const;
export type ChangeDecision = (typeof CHANGE_DECISIONS)[number];

export interface ChangeSetSource {
  type: SourceType;
  id?: string;
  name: string;
  context?: string;
}

export interface AnnotationDto {
  id: string;
  operationId: string;
  attributeAlias: string;
  /** Scope of the annotated change ({} global). */
  scope: Scope;
  text: string;
  startOffset: number;
  endOffset: number;
  sentiment: Rating;
  note?: string;
  createdBy: string;
  createdAt: string;
}

export interface ProposedChangeInput {
  attributeAlias: string;
  attributeName?: string;
  scope?: Scope;
  oldValue?: unknown;
  newValue: unknown;
  confidence?: number;
  reasoning?: string;
}

export interface ProposedChangeDto extends ProposedChangeInput {
  rating?: Rating;
  decision?: ChangeDecision;
  annotations?: AnnotationDto[];
  /**
   * When read: the change's oldValue no longer equals the record's value in that attribute × scope
   * (base = oldValue, current = currentValue, proposed = newValue). Absent when not stale.
   */
  stale?: true;
  /** With `stale`: what the record holds now (null: no value, or the record is gone). */
  currentValue?: unknown;
}

export interface OperationInput {
  type: OperationType;
  entityId?: string;
  schemaId: string;
  changes: ProposedChangeInput[];
}

export interface OperationDto {
  id: string;
  type: OperationType;
  entityId?: string;
  entityName?: string;
  entitySku?: string;
  schemaId: string;
  status: OperationStatus;
  reviewNote?: string;
  changes: ProposedChangeDto[];
  /** Why apply could not apply it. */
  error?: { code: string; message: string };
}

export interface FeedbackSummary {
  good: number;
  bad: number;
  unrated: number;
  snippets: number;
  message?: string;
}

export interface ApplyResult {
  applied: number;
  skipped: number;
  errors: { operationId: string; code: string; message: string }[];
}

export interface ChangeSetDto {
  id: string;
  title: string;
  description?: string;
  source: ChangeSetSource;
  status: ChangeSetStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  approvedAt?: string;
  appliedAt?: string;
  revisionCount: number;
  /**
   * The number of the latest submission: 0 for a draft, 1 once submitted, +1 per resubmit (the
   * service always sets it). `revisionCount` counts revision requests, as the seed's examples do.
   */
  revision?: number;
  reviewNote?: string;
  feedbackSummary?: FeedbackSummary;
  /** While and after applying: operations done (applied + failed) / total. */
  applyProgress?: ApplyProgressDto;
  applyResult?: ApplyResult;
  /**
   * Operations in the set (the service always sets it); in a list, `operations` embeds only the
   * first ones (see LIST_EMBEDDED_OPERATIONS).
   */
  operationCount?: number;
  operations: OperationDto[];
  /** A review call's answer past REVIEW_ANSWER_MAX_OPERATIONS, or a read's past READ_ANSWER_MAX_OPERATIONS: `operations` is empty, read them in pages. */
  operationsOmitted?: true;
  /** With `operationsOmitted`: the set's operations by status. */
  operationSummary?: OperationStatusCounts;
}

export interface ChangeSetStats {
  pending: number;
  approvedThisWeek: number;
  totalApplied: number;
  activeSourceCount: number;
}

export interface MessageDto {
  id: string;
  changeSetId: string;
  operationId?: string;
  authorId: string;
  authorName: string;
  authorType: 'user' | 'agent';
  timestamp: string;
  body: string;
}

export interface PendingChangeDto {
  changeSetId: string;
  changeSetTitle: string;
  source: { type: SourceType; name: string };
  operation: { id: string; type: OperationType; status: OperationStatus; changes: ProposedChangeDto[] };
}

export interface ChangeSetListQuery {
  status?: ChangeSetStatus;
  sourceType?: SourceType;
  schemaId?: string;
  offset: number;
  limit: number;
}

export interface CreateChangeSetRequest {
  title: string;
  description?: string;
  source: ChangeSetSource;
  operations: OperationInput[];
}

export interface ChangeSetIdRequest {
  id: string;
}

export interface ReviewRequest {
  id: string;
  operationId?: string;
  reviewNote?: string;
  /** Approve even operations with stale changes (else 409 stale-change listing them). */
  allowStale?: boolean;
}

/** One change of an operation to decide: the change to attributeAlias (in `scope` when it has several). */
export interface ChangeDecisionInput {
  attributeAlias: string;
  scope?: Scope;
  decision: 'approve' | 'reject';
}

/** Per-change decisions on one operation; each change at most once per request. */
export interface DecideChangesRequest {
  id: string;
  operationId: string;
  decisions: ChangeDecisionInput[];
  reviewNote?: string;
  /** Approve changes whose oldValue no longer matches the record (409 stale-change otherwise). */
  allowStale?: boolean;
}

/** As many as an operation may propose changes. */
export const MAX_CHANGE_DECISIONS_PER_REQUEST = 1000;

export interface RateRequest {
  id: string;
  operationId: string;
  attributeAlias: string;
  /** Which change of the attribute, when the operation proposes it in several scopes. */
  scope?: Scope;
  rating: Rating;
}

export interface AnnotateRequest {
  id: string;
  operationId: string;
  attributeAlias: string;
  /** Which change of the attribute, when the operation proposes it in several scopes. */
  scope?: Scope;
  text: string;
  startOffset: number;
  endOffset: number;
  sentiment: Rating;
  note?: string;
}

export interface PostMessageRequest {
  id: string;
  authorId: string;
  authorName: string;
  authorType: 'user' | 'agent';
  body: string;
  operationId?: string;
}

/** PATCH an operation: its changes are replaced by these (draft or revision_requested). */
export interface ReplaceOperationChangesRequest {
  id: string;
  operationId: string;
  changes: ProposedChangeInput[];
}

export interface OperationRefRequest {
  id: string;
  operationId: string;
}

/** One submission of a set (submit is revision 1, each resubmit the next). */
export interface RevisionSummaryDto {
  revision: number;
  submittedAt: string;
  submittedBy: string;
  operationCount: number;
}

export interface RevisionDiffRequest {
  id: string;
  revision: number;
}

/** An operation that is in one side of a diff only. */
export interface RevisionOperationRef {
  operationId: string;
  type: OperationType;
  entityId?: string;
  schemaId: string;
  changeCount: number;
}

/** A change (attributeAlias × scope) of an operation in both sides whose proposal differs. */
export interface RevisionChangeDiff {
  operationId: string;
  attributeAlias: string;
  scope: Scope;
  kind: 'added' | 'removed' | 'changed';
  /** The proposed value in the earlier revision (absent when added). */
  before?: unknown;
  /** The proposed value now (absent when removed). */
  after?: unknown;
}

/**
 * What changed from revision `from` to the set's operations as they are now (`to` is the latest
 * submitted revision; in revision_requested the edits not yet resubmitted are included). Entries are
 * capped (REVISION_DIFF_MAX_ENTRIES, and about CHANGE_SET_PAGE_MAX_JSON_BYTES of JSON); `counts` are
 * always complete and `truncated` says some entries were left out.
 */
export interface RevisionDiffDto {
  changeSetId: string;
  from: number;
  to: number;
  operationsAdded: RevisionOperationRef[];
  operationsRemoved: RevisionOperationRef[];
  changes: RevisionChangeDiff[];
  counts: { operationsAdded: number; operationsRemoved: number; changesAdded: number; changesRemoved: number; changesChanged: number };
  truncated: boolean;
}

/** A diff lists at most this many entries (operations added and removed, and changes) in all. */
export const REVISION_DIFF_MAX_ENTRIES = 1000;

export interface RequestRevisionRequest {
  id: string;
  requestedBy: string;
  message?: string;
}

/**
 * How far an apply is: `applied` (confirmed by the audit trail) + `failed` = `done`, out of
 * `total` (the operations it sends; skipped ones do not count).
 */
export interface ApplyProgressDto {
  done: number;
  applied: number;
  failed: number;
  total: number;
}

/** Progress of an apply, published on `change-sets.apply.progressed` (core NATS, at most once per chunk sent or confirmed). */
export interface ApplyProgressed extends ApplyProgressDto {
  changeSetId: string;
}

export const APPLY_PROGRESSED_SUBJECT = 'change-sets.apply.progressed';

/**
 * A change-set list item embeds at most this many of its operations (fewer when the page would
 * pass CHANGE_SET_PAGE_MAX_JSON_BYTES); `operationCount` is the set's total and
 * `GET /change-sets/:id/operations` pages through all of them.
 */
export const LIST_EMBEDDED_OPERATIONS = 100;
/** A list or operations page is cut to about this much JSON, so no reply nears the bus's payload limit. */
export const CHANGE_SET_PAGE_MAX_JSON_BYTES = 512 * 1024;
export const OPERATION_PAGE_DEFAULT_LIMIT = 100;
export const OPERATION_PAGE_MAX_LIMIT = 500;

/**
 * Filters of a set's operations (GET /change-sets/:id/operations and POST …/operations/decide).
 * All given filters must hold. `stale` and `invalid` are computed against the records when read.
 */
export interface OperationFilter {
  status?: OperationStatus;
  type?: OperationType;
  entityId?: string;
  /** The operation proposes a change to this attribute. */
  attributeAlias?: string;
  /** The operation proposes a change in a scope holding this segment (e.g. `seg-da`). */
  segment?: string;
  /** true: a change's oldValue no longer equals the record's value; false: none does. */
  stale?: boolean;
  /** true: a proposed value fails the checks of a record write; false: none does. */
  invalid?: boolean;
}

/** A set's operations, by status. */
export type OperationStatusCounts = Record<OperationStatus, number>;

export interface OperationPageRequest {
  id: string;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
  filter?: OperationFilter;
}

/** Operations in set order; `nextCursor` is absent on the last page. */
export interface OperationPage {
  items: OperationDto[];
  /** Operations in the set (whatever the filter). */
  total: number;
  nextCursor?: string;
}
