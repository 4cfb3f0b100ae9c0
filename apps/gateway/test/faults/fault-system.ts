import { ensureDatabase } from '@sigma/db';
import { ApiClient, BACKEND_APPS, freePort, type ServiceProcess, spawnService, waitForHealthy } from '@sigma/testing';
import { type OwnServer, startOwnNats, startOwnPostgres } from '../support/own-servers';
import { SystemDatabase } from '../support/system-database';

/**
 * The whole system (every service as a real process, the gateway on a free port) against a NATS
 * server and a PostgreSQL server of its own, so the fault tests can restart those at will; plus
 * a steady write load and the checks that nothing acknowledged was lost or audited twice.
 */
export interface FaultSystem {
  baseUrl: string;
  api: ApiClient;
  nats: OwnServer;
  postgres: OwnServer;
  databaseUrl: string;
  subjectPrefix: string;
  /** A connection of the test to the system's database; reconnected with `query`. */
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  service(name: string): ServiceProcess;
  /** kill -9 of one service, then the same service started again; resolves once the gateway is healthy. */
  crashAndRestart(name: string, downMs?: number): Promise<void>;
  /** Waits until outboxes are relayed and every consumer caught up (bounded). */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 90_000;

export async function startFaultSystem(label = 'faults'): Promise<FaultSystem> {
  const [nats, postgres] = await Promise.all([startOwnNats(), startOwnPostgres()]);
  const url = new URL(postgres.url);
  url.pathname = `/pim_${label}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const port = await freePort();
  const subjectPrefix = label;
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The load is the point here: the per-token rate limit would shed it.
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const services = [...BACKEND_APPS.map((app) => spawnService(app, env)), spawnService('gateway', env)];
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const database = new SystemDatabase(databaseUrl);
  const stop = async () => {
    await database.close();
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([nats.dispose(), postgres.dispose()]);
  };
  try {
    await waitForHealthy(baseUrl, services, HEALTH_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  const service = (name: string) => {
    const found = services.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`No service ${name}`);
    return found;
  };
  return {
    baseUrl,
    api: new ApiClient(baseUrl),
    nats,
    postgres,
    databaseUrl,
    subjectPrefix,
    query: (sql, params) => database.query(sql, params),
    service,
    async crashAndRestart(name, downMs = 500) {
      const index = services.indexOf(service(name));
      await services[index].kill('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, downMs));
      services[index] = spawnService(name, env);
      await waitForHealthy(baseUrl, services, HEALTH_TIMEOUT_MS);
    },
    settle: (timeoutMs) => database.settle(nats.url, subjectPrefix, timeoutMs),
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Steady write load

export interface WriteResult {
  kind: 'create' | 'patch';
  recordId?: string;
  sku: string;
  value?: string;
  status: number;
  startedAt: number;
  endedAt: number;
}

export interface WriteLoad {
  results: WriteResult[];
  /** Stops the writers and waits for the requests in flight (each bounded by its timeout). */
  stop(): Promise<WriteResult[]>;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * `writers` loops, each: create a record with a unique SKU (`<tag>-<n>`), then PATCH its
 * product-name, pausing `pauseMs` between requests. Every answer is kept, 2xx or not.
 */
export function startWriteLoad(system: Pick<FaultSystem, 'baseUrl'>, token: string, tag: string, writers = 4, pauseMs = 20): WriteLoad {
  const results: WriteResult[] = [];
  let running = true;
  let n = 0;
  const call = async (method: string, path: string, body: unknown): Promise<{ status: number; body: any }> => {
    try {
      const response = await fetch(`${system.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed };
    } catch {
      return { status: 0, body: undefined }; // connection refused or timed out: unknown outcome
    }
  };
  const writer = async () => {
    while (running) {
      const sku = `${tag}-${++n}`;
      let startedAt = Date.now();
      const created = await call('POST', '/records', {
        schemaId: 'schema-apparel',
        values: { 'product-name': [{ scope: {}, value: `Load ${sku}` }], sku: [{ scope: {}, value: sku }] },
      });
      const recordId = created.status === 201 ? (created.body.id as string) : undefined;
      results.push({ kind: 'create', recordId, sku, status: created.status, startedAt, endedAt: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, created.status === 201 ? pauseMs : 100));
      if (!recordId || !running) continue;
      const value = `Patched ${sku}`;
      startedAt = Date.now();
      const patched = await call('PATCH', `/records/${recordId}/values/product-name`, { scopedValues: [{ scope: {}, value }] });
      results.push({ kind: 'patch', recordId, sku, value, status: patched.status, startedAt, endedAt: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
  const loops = Array.from({ length: writers }, () => writer());
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

/** Milliseconds from `since` until the first 2xx write that started after it (undefined: none). */
export function recoveryMs(results: WriteResult[], since: number): number | undefined {
  const first = results.filter((r) => r.startedAt >= since && r.status >= 200 && r.status < 300).sort((a, b) => a.endedAt - b.endedAt)[0];
  return first ? first.endedAt - since : undefined;
}

export interface LossReport {
  acknowledged: number;
  lost: string[];
  duplicated: string[];
  unaudited: string[];
  /** Records of this tag in the database (acknowledged or not). */
  records: number;
}

/**
 * Checks every record whose SKU has `tag`: each acknowledged create exists, each acknowledged
 * patch is in the record, and the audit trail of each record holds versions 1..version exactly
 * once (nothing lost, nothing twice), including writes whose answer was lost in the fault.
 */
export async function checkNothingLost(system: Pick<FaultSystem, 'query'>, results: WriteResult[], tag: string): Promise<LossReport> {
  const rows = await system.query<{ id: string; version: number; sku: string; name: string; sequences: number[] | null }>(
    `SELECT r.id, r.version, r."values"->'sku'->0->>'value' AS sku, r."values"->'product-name'->0->>'value' AS name,
            (SELECT array_agg(a.sequence ORDER BY a.sequence) FROM audit.audit_entry a WHERE a.entity_id = r.id) AS sequences
       FROM records.record r
      WHERE r."values"->'sku'->0->>'value' LIKE $1`,
    [`${tag}-%`],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lost: string[] = [];
  const acknowledged = results.filter((r) => r.status >= 200 && r.status < 300);
  for (const write of acknowledged) {
    const row = write.recordId ? byId.get(write.recordId) : undefined;
    if (!row) lost.push(`${write.kind} ${write.sku} (${write.recordId}): record missing`);
    else if (write.kind === 'patch' && row.name !== write.value) lost.push(`patch ${write.sku}: product-name is ${row.name}`);
  }
  const duplicated: string[] = [];
  const unaudited: string[] = [];
  for (const row of rows) {
    const sequences = row.sequences ?? [];
    const expected = Array.from({ length: row.version }, (_, i) => i + 1);
    if (sequences.length > new Set(sequences).size) duplicated.push(`${row.id} (${row.sku}): audit sequences ${sequences.join(',')}`);
    const missing = expected.filter((v) => !sequences.includes(v));
    if (missing.length > 0) unaudited.push(`${row.id} (${row.sku}) v${row.version}: no audit entry for version ${missing.join(',')}`);
  }
  return { acknowledged: acknowledged.length, lost, duplicated, unaudited, records: rows.length };
}
