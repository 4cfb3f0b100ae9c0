import { chunkByBudget } from '@sigma/messaging';

/** Per-line batches of an NDJSON endpoint go to a service in requests of at most this many lines (each bounded in time). */
export const NDJSON_CHUNK_LINES = 500;

/** Consecutive groups of lines, each at most `maxLines` lines and (unless one line alone is larger) `maxBytes` of JSON. */
export function chunkLines<Line>(lines: readonly Line[], maxBytes: number, maxLines = NDJSON_CHUNK_LINES): Line[][] {
  return chunkByBudget(lines, maxLines, maxBytes, (line) => Buffer.byteLength(JSON.stringify(line)) + 1);
}

/** The JSON size of lines sent in one request. */
export const bytesOf = (lines: readonly unknown[]): number => Buffer.byteLength(JSON.stringify(lines));
