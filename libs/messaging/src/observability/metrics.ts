import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics. One registry per process: the gateway serves it on
 * GET /api/v1/metrics, every NATS service on its ops port (METRICS_PORT, see ops-server.ts).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'sigma_' });

/** Latency buckets (seconds) from a cache hit to a large change-set apply. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** NATS requests this process sent, by subject and outcome (`ok` or the error code). */
export const rpcClientDuration = new Histogram({
  name: 'sigma_nats_request_duration_seconds',
  help: 'Latency of NATS requests sent, by subject and outcome (ok or error code)',
  labelNames: ['subject', 'outcome'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

/** NATS requests this process handled, by subject and outcome. */
export const rpcServerDuration = new Histogram({
  name: 'sigma_nats_handler_duration_seconds',
  help: 'Time to handle NATS requests, by subject and outcome (ok or error code)',
  labelNames: ['subject', 'outcome'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

/** Gateway HTTP requests: RED per route pattern (never the raw URL, so the label set stays small). */
export const httpRequests = new Counter({
  name: 'sigma_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpDuration = new Histogram({
  name: 'sigma_http_request_duration_seconds',
  help: 'HTTP request latency, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

/** Async gauges read on scrape (outbox backlog, consumer lag): one source per label set. */
type Source = () => Promise<number>;

function sourcedGauge(name: string, help: string, label: string): (key: string, source: Source) => () => void {
  const sources = new Map<string, Source>();
  new Gauge({
    name,
    help,
    labelNames: [label],
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      for (const [key, source] of sources) {
        // A failing source (database down) leaves its series out rather than failing the scrape.
        const value = await source().catch(() => undefined);
        if (value !== undefined) this.set({ [label]: key }, value);
      }
    },
  });
  return (key, source) => {
    sources.set(key, source);
    return () => sources.delete(key);
  };
}

/** Unpublished outbox rows of a service schema. */
export const registerOutboxBacklog = sourcedGauge('sigma_outbox_backlog', 'Outbox rows not yet published to JetStream', 'schema');

/** Messages a durable JetStream consumer has not yet been delivered or acknowledged (`stream/consumer`). */
export const registerConsumerLag = sourcedGauge(
  'sigma_jetstream_consumer_pending',
  'JetStream messages pending for a durable consumer (not delivered + not acknowledged)',
  'consumer',
);

/** Seconds since `started` (a process.hrtime.bigint()). */
export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * Progress of the change-set applies running in this process, per set and state (`applied`,
 * `failed`, `total`); a set's series are removed when its run ends, so the label set stays small.
 */
export const changeSetApplyProgress = new Gauge({
  name: 'sigma_change_set_apply_operations',
  help: 'Operations of a running change-set apply, by change set and state (applied, failed, total)',
  labelNames: ['change_set_id', 'state'] as const,
  registers: [metricsRegistry],
});
