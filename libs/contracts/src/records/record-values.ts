import type { ValuesMap } from './records';

/** Keyset page of one schema's records, ordered by id: what re-scoring every record of a schema reads. */
export interface RecordValuesPageRequest {
  schemaId: string;
  /** Only records with an id after this one (the previous page's `nextAfterId`); omitted for the first page. */
  afterId?: string;
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
  /** Pass as `afterId` for the next page; null when this page was the last. */
  nextAfterId: string | null;
}

export const RECORD_VALUES_PAGE_DEFAULT_LIMIT = 1000;
export const RECORD_VALUES_PAGE_MAX_LIMIT = 2000;
/** A page stops early once its values reach this much JSON (at least one record), so replies stay bounded whatever the records hold. */
export const RECORD_VALUES_PAGE_MAX_JSON_CHARS = 2 * 1024 * 1024;
