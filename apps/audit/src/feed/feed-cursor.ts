import { DomainError } from '@sigma/contracts';

/**
 * A feed cursor is the stream sequence of the last event a reader has seen, as text: global,
 * gap-free across restarts of any service (the stream assigns it), and opaque to readers.
 */
export function parseCursor(after: string | undefined): number {
  if (after === undefined) return 0;
  if (!/^\d{1,15}$/.test(after)) throw DomainError.validation([{ field: 'after', rule: 'cursor', message: 'must be a cursor from a previous page (nextCursor)' }]);
  return Number(after);
}

export const cursorOf = (sequence: number): string => String(sequence);

/** Where a page starts, how many events it may read, and how many retention removed before it. */
export function pageWindow(after: number, stream: { firstSeq: number; lastSeq: number }, want: number): { start: number; count: number; skipped: number } {
  const start = Math.max(after + 1, stream.firstSeq);
  const skipped = Math.max(0, Math.min(stream.firstSeq, stream.lastSeq + 1) - (after + 1));
  return { start, count: Math.max(0, Math.min(want, stream.lastSeq - start + 1)), skipped };
}
