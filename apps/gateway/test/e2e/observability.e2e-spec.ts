import { eventually, freePort, spawnService, startTestSystem, type ServiceProcess, type TestSystem } from '@sigma/testing';

/** Prometheus text → sample value of `name{labels…}` where every given label matches (sum over the rest). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) total += Number(match[3]);
  }
  return total;
}

/** JSON log lines of a service that carry this trace id. */
function linesWithTrace(service: ServiceProcess, traceId: string): Record<string, unknown>[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.traceId === traceId);
}

describe('observability: metrics, trace ids in JSON logs (e2e)', () => {
  let system: TestSystem;
  const service = (name: string) => system.services.find((candidate) => candidate.name === name)!;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'observability', env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' } });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  });

  it('counts requests by route and status, and NATS requests by subject, on GET /metrics', async () => {
    const token = await system.api.token('viewer');
    // Read through the gateway's record cache: each read is a NATS request to count.
    const headers = { 'cache-control': 'no-cache' };
    for (let i = 0; i < 3; i++) expect((await system.api.request('GET', '/records/ent-001', { token, headers })).status).toBe(200);
    expect((await system.api.request('GET', '/records/ent-nope', { token, headers })).status).toBe(404);

    const response = await fetch(`${system.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const route = '/api/v1/records/:id';
    expect(sample(text, 'sigma_http_requests_total', { method: 'GET', route, status: '200' })).toBe(3);
    expect(sample(text, 'sigma_http_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    expect(sample(text, 'sigma_http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(3);
    expect(sample(text, 'sigma_nats_request_duration_seconds_count', { subject: 'records.record.get', outcome: 'ok' })).toBe(3);
    expect(sample(text, 'sigma_nats_request_duration_seconds_count', { subject: 'records.record.get', outcome: 'not-found' })).toBe(1);
    expect(text).toContain('sigma_process_resident_memory_bytes');
  });

  it('serves /metrics, /health and /ready on a NATS service metrics port', async () => {
    const port = await freePort();
    const replica = spawnService('records', {
      DATABASE_URL: system.database.url,
      NATS_SUBJECT_PREFIX: system.subjectPrefix,
      METRICS_PORT: String(port),
      LOG_LEVEL: 'warn',
      RUN_MIGRATIONS: 'false',
    });
    try {
      const ready = await eventually(async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/ready`);
        expect(answer.status).toBe(200);
        return answer.json();
      }, 40000, 200);
      expect(ready).toMatchObject({ status: 'up', service: 'records', checks: { postgres: { status: 'up' }, nats: { status: 'up' } } });
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      // Two replicas share the queue group: enough requests reach this one too.
      const token = await system.api.token('viewer');
      await Promise.all(Array.from({ length: 30 }, () => system.api.request('GET', '/records/ent-002', { token, headers: { 'cache-control': 'no-cache' } })));
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(sample(text, 'sigma_nats_handler_duration_seconds_count', { subject: 'records.record.get', outcome: 'ok' })).toBeGreaterThan(0);
      expect(text).toMatch(/^sigma_outbox_backlog\{schema="records"\} \d+$/m);
    } finally {
      await replica.stop();
    }
    expect(replica.child.exitCode).toBe(0);
  }, 60000);

  it('logs a client trace id on the lines of every service a request touched', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const viewer = await system.api.token('viewer');
    const completeness = await system.api.request('GET', '/records/ent-001/completeness', {
      token: viewer,
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(completeness.status).toBe(200);
    expect(completeness.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // gateway → workflow (completeness) → records (record, schema)
    for (const name of ['gateway', 'workflow', 'records']) {
      const lines = await eventually(async () => {
        const found = linesWithTrace(service(name), traceId);
        expect(found.length).toBeGreaterThan(0);
        return found;
      });
      expect(lines[0]).toMatchObject({ service: name, traceId, requestId: expect.any(String) });
    }
    expect(linesWithTrace(service('audit'), traceId)).toEqual([]);

    const auditTrace = 'aaaabbbbccccddddeeeeffff00001111';
    const audit = await system.api.request('GET', '/records/ent-001/audit', {
      token: viewer,
      headers: { traceparent: `00-${auditTrace}-00f067aa0ba902b7-01`, 'x-request-id': 'trace-test-1' },
    });
    expect(audit.status).toBe(200);
    for (const name of ['gateway', 'audit']) {
      const lines = await eventually(async () => {
        const found = linesWithTrace(service(name), auditTrace);
        expect(found.length).toBeGreaterThan(0);
        return found;
      });
      expect(lines.every((line) => line.requestId === 'trace-test-1')).toBe(true);
    }
  });

  it('starts a trace when the client sends none', async () => {
    const response = await fetch(`${system.baseUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(response.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect((await fetch(`${system.baseUrl}/health/ready`)).status).toBe(200);
  });
});
