import type { ValuesMap } from './records';

/**
 * Keyset page of one schema's records in creation order (then id): what re-scoring every record of
 * a schema reads. The order never changes under a record (updates and transitions keep its place),
 * so paging to the end sees every record that existed throughout exactly once.
 */
export interface RecordValuesPageRequest {
  schemaId: string;
  /** Continue after this cursor (the previous page's `next`); omitted for the first page. */
  after?: string;
  /** At most this many records (1..RECORD_VALUES_PAGE_MAX_LIMIT, default RECORD_VALUES_PAGE_DEFAULT_LIMIT). */
  limit?: number;
}

export interface RecordValues {
  id: string;
  lifecycleStateId: string;
  values: ValuesMap;
}

export interface RecordValuesPage {
  items: RecordValues[];
  /** Opaque cursor to pass as `after` for the next page; null when this page was the last. */
  next: string | null;
}

export const RECORD_VALUES_PAGE_DEFAULT_LIMIT = 1000;
export const RECORD_VALUES_PAGE_MAX_LIMIT = 2000;
/** A page stops early once its values reach this much JSON (at least one record), so replies stay bounded whatever the records hold. */
export const RECORD_VALUES_PAGE_MAX_JSON_CHARS = 2 * 1024 * 1024;

/** `records.record.get-values`: the values of these records (at most RECORD_VALUES_BY_ID_MAX ids). */
export interface RecordValuesByIdRequest {
  ids: string[];
}

export interface RecordValuesById {
  /** Found records, in no particular order; ids of records that do not exist are in neither list. */
  items: (RecordValues & { schemaId: string })[];
  /** Ids left unread once the reply reached RECORD_VALUES_PAGE_MAX_JSON_CHARS of values: ask again for them. */
  unread: string[];
}

export const RECORD_VALUES_BY_ID_MAX = 200;
/** The records of a schema whose global `sku` value is one of `skus` (at most FIND_BY_SKU_MAX of them). */
export interface FindBySkuRequest {
  schemaId: string;
  skus: string[];
}

export interface RecordBySku {
  id: string;
  sku: string;
  values: ValuesMap;
}

export const FIND_BY_SKU_MAX = 500;
