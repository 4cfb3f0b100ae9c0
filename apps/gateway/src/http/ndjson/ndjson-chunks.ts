/** Per-line batches of an NDJSON endpoint go to a service in requests of at most this many lines (each bounded in time). */
export const NDJSON_CHUNK_LINES = 500;

/** Consecutive groups of lines, each at most `maxLines` lines and (unless one line alone is larger) `maxBytes` of JSON. */
export function chunkLines<Line>(lines: readonly Line[], maxBytes: number, maxLines = NDJSON_CHUNK_LINES): Line[][] {
  const chunks: Line[][] = [];
  let current: Line[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(JSON.stringify(line)) + 1;
    if (current.length > 0 && (current.length >= maxLines || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The JSON size of lines sent in one request. */
export const bytesOf = (lines: readonly unknown[]): number => Buffer.byteLength(JSON.stringify(lines));
