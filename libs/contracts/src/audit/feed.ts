import { RecordEvents } from '../records/events';

/** Event types the feed serves (record events; change-set stage events join when change-sets publishes them). */
export const FEED_EVENT_TYPES: readonly string[] = Object.values(RecordEvents);
export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 1000;
/** A page with a `types` filter reads at most this many events of the stream, matching or not, so it stays bounded. */
export const FEED_SCAN_LIMIT = 5000;

export interface FeedPageRequest {
  /** The `nextCursor` of the previous page; absent: from the oldest event retained. */
  after?: string;
  /** Only these event types (all when absent). */
  types?: string[];
  limit: number;
}

/** One event of the feed: the event as committed, with its place in the feed. */
export interface FeedEvent {
  /** Resume after this event with `after=<cursor>`. */
  cursor: string;
  id: string;
  type: string;
  occurredAt: string;
  aggregateId: string;
  /** The aggregate's version after the event (per-record order). */
  sequence: number;
  userId: string;
  changeSetId?: string;
  operationId?: string;
  payload: Record<string, unknown>;
}

export interface FeedPage {
  items: FeedEvent[];
  /** Pass as `after` for the next page; the same cursor when nothing newer exists yet. */
  nextCursor: string;
  /** Events between `after` and the first retained one that retention removed (0 normally). */
  skipped: number;
}
