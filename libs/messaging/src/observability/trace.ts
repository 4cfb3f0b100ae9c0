import { randomFillSync } from 'node:crypto';

/** W3C Trace Context header: `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`. */
export const TRACEPARENT_HEADER = 'traceparent';
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

export interface TraceParent {
  traceId: string;
  parentSpanId: string;
  flags: string;
}

/** The caller's trace, or undefined for a missing or malformed header (version ff and all-zero ids are invalid). */
export function parseTraceparent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match || match[1] === 'ff' || ALL_ZERO.test(match[2]) || ALL_ZERO.test(match[3])) return undefined;
  return { traceId: match[2], parentSpanId: match[3], flags: match[4] };
}

/**
 * Random bytes from a pool refilled 4 KB at a time: a synchronous randomBytes() per id was 4% of
 * the gateway's CPU (two ids per request). Same source (the CSPRNG), fewer calls into it.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

export function newTraceId(): string {
  return randomHex(16);
}

export function newSpanId(): string {
  return randomHex(8);
}

export function formatTraceparent(traceId: string, spanId: string, flags = '01'): string {
  return `00-${traceId}-${spanId}-${flags}`;
}
