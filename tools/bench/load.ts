/** HTTP load through autocannon: a warm-up run, then a measured run bounded in time and requests, loopback only. */
import { latency, type Latency } from './stats';

// autocannon ships no type definitions.
const autocannon = require('autocannon') as (options: Record<string, unknown>) => AutocannonInstance;

interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void): void;
  stop(): void;
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number };
  statusCodeStats: Record<string, { count: number }>;
}

/** One request as autocannon takes it; `setupRequest` may rewrite it per send. */
export interface LoadRequest {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** `context` is autocannon's per-connection object, shared by the requests of one connection. */
  setupRequest?: (request: LoadRequest, context: Record<string, unknown>) => LoadRequest;
  /** Given, autocannon reads each answer's body (e.g. to find GraphQL errors in a 200). */
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface LoadOptions {
  /** Origin only, e.g. `http://127.0.0.1:3000`. */
  origin: string;
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  /** Hard cap on the requests of the measured run. */
  maxRequests: number;
  headers?: Record<string, string>;
  /** Built anew for the warm-up and the measured run. */
  requests: () => LoadRequest[];
  /** Per-request timeout (s). */
  timeoutSeconds?: number;
  /** Called right before and right after the measured run (not the warm-up), e.g. to read CPU counters. */
  onMeasure?: (edge: 'start' | 'end') => void | Promise<void>;
}

export interface LoadResult {
  /** 2xx answers per second of the measured run. */
  reqPerSec: number;
  /** Exact per-response latency (ms) of the measured run. */
  latency: Latency;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  statusCodes: Record<string, number>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Refuses anything but a loopback target: benchmarks never send traffic off the machine. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!LOOPBACK.test(host)) throw new Error(`refusing to load ${url}: only loopback targets (127.0.0.0/8, localhost, [::1])`);
}

async function once(options: LoadOptions, durationSeconds: number, maxRequests: number, times?: number[]): Promise<AutocannonResult> {
  const instance = autocannon({
    url: options.origin,
    connections: options.connections,
    duration: durationSeconds,
    maxOverallRequests: Math.max(maxRequests, options.connections),
    timeout: options.timeoutSeconds ?? 10,
    headers: options.headers ?? {},
    requests: options.requests(),
  });
  if (times) instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  return await instance;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.origin);
  if (options.warmUpSeconds > 0) await once(options, options.warmUpSeconds, options.maxRequests);
  const times: number[] = [];
  await options.onMeasure?.('start');
  const result = await once(options, options.durationSeconds, options.maxRequests, times);
  await options.onMeasure?.('end');
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count]));
  const ok = result['2xx'];
  return {
    reqPerSec: ok / result.duration,
    latency: latency(times),
    total: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    statusCodes,
  };
}

/** What is wrong with a load run, if anything: no answers, or more than 1% errors or non-2xx answers. */
export function loadProblem(result: LoadResult): string | undefined {
  if (result.ok === 0) return `no 2xx answers (status codes ${JSON.stringify(result.statusCodes)}, ${result.errors} errors)`;
  const bad = result.non2xx + result.errors;
  if (bad > 0.01 * (result.total + result.errors)) {
    return `${result.non2xx} non-2xx answers and ${result.errors} errors of ${result.total} (status codes ${JSON.stringify(result.statusCodes)})`;
  }
  return undefined;
}
