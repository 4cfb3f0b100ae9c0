import type { AttributeCondition, RecordSort } from './search';

/** A dimension id -> segment id map; `{}` is the global scope. */
export type Scope = Record<string, string>;

export interface ScopedValue<T = unknown> {
  scope: Scope;
  value: T;
}

/** Attribute alias -> its scoped values. */
export type ValuesMap = Record<string, ScopedValue[]>;

export interface RecordDto {
  id: string;
  schemaId: string;
  lifecycleStateId: string;
  parentId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  values: ValuesMap;
}

export interface RecordListQuery {
  schemaId?: string;
  lifecycleStateId?: string;
  /** Only records assigned to this category, in their sortOrder there (then id) instead of creation order. */
  categoryId?: string;
  /** The record whose global `sku` value is this. */
  sku?: string;
  /** Only records written at or after this instant (ISO 8601). */
  updatedSince?: string;
  filters?: AttributeCondition[];
  /** Only records complete (every required slot filled) for this workflow state. */
  completeFor?: string;
  /** Only records whose completeness percentage is at least this (0..100)… */
  completenessGte?: number;
  /** …for this workflow state (default: each record's current state). */
  completenessState?: string;
  /** Default `createdAt` (with categoryId: the category's sort order). */
  sort?: RecordSort;
  /** Continue after the last item of a page (its `nextCursor`); keyset paging, with offset 0. */
  cursor?: string;
  offset: number;
  limit: number;
}

export interface RecordPage {
  items: RecordDto[];
  total: number;
  /** Filters on values, sku or updatedSince count at most FILTERED_TOTAL_CAP records: true when there are more. */
  totalIsLowerBound?: boolean;
  /** The cursor of the next page (keyset paging), null on the last page. */
  nextCursor?: string | null;
  offset: number;
  limit: number;
}

export const RECORD_LIST_DEFAULT_LIMIT = 50;
export const RECORD_LIST_MAX_LIMIT = 500;

export interface CreateRecordRequest {
  schemaId: string;
  values: ValuesMap;
  parentId?: string;
}

/** Optimistic concurrency: the write applies only while the record is still at this version (HTTP If-Match), else precondition-failed. */
export interface ExpectedVersion {
  expectedVersion?: number;
}

export interface UpdateRecordRequest extends ExpectedVersion {
  id: string;
  values: ValuesMap;
}

export interface PatchAttributeRequest extends ExpectedVersion {
  id: string;
  attributeAlias: string;
  scopedValues: ScopedValue[];
}

export interface RecordIdRequest {
  id: string;
}

export interface DeleteRecordRequest extends RecordIdRequest, ExpectedVersion {}

/** One scoped value's move, as the audit trail shows it. */
export interface ValueChange {
  attributeAlias: string;
  scope: Scope;
  oldValue: unknown;
  newValue: unknown;
}
