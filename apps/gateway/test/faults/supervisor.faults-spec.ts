import { createServer } from 'node:net';
import { eventually } from '@sigma/testing';
import { type NpmStart, startNpmStart } from '../support/npm-start';

/**
 * The `npm start` supervisor as an operator meets it: a crashed service is restarted with
 * backoff while the rest keep running; each service gets its own metrics port; expected 503s
 * log one line; SIGTERM during an apply under load stops every app with exit code 0 (each
 * finishing or refusing its in-flight work in time); under LOG_FORMAT=json every line is JSON.
 * Run with `npm run test:faults`.
 */
jest.setTimeout(5 * 60_000);

const SERVICES = ['records', 'workflow', 'audit', 'change-sets', 'webhooks'];

/** `count` consecutive free ports below the ephemeral range, so no port handed out meanwhile lands in it. */
async function freePortRange(count: number): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
}

/** A request that never hangs the test; status 0 when no HTTP answer came. */
async function status(url: string, init: RequestInit = {}): Promise<number> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

describe('npm start supervisor (faults)', () => {
  describe('a crashed service', () => {
    let system: NpmStart;
    let metricsBase: number;

    beforeAll(async () => {
      metricsBase = await freePortRange(SERVICES.length);
      system = await startNpmStart('supervisor', { METRICS_PORT: String(metricsBase) });
      await system.waitFor(/\[start\] ready/);
    }, 120_000);

    afterAll(async () => {
      await system?.stop();
    }, 60_000);

    it('each service serves its metrics on METRICS_PORT + its offset', async () => {
      expect(system.output()).toContain(`[start] metrics: records :${metricsBase}, workflow :${metricsBase + 1}, audit :${metricsBase + 2}, change-sets :${metricsBase + 3}, webhooks :${metricsBase + 4}`);
      for (const [offset, service] of SERVICES.entries()) {
        const response = await fetch(`http://127.0.0.1:${metricsBase + offset}/metrics`);
        expect({ service, status: response.status }).toEqual({ service, status: 200 });
        expect(await response.text()).toContain('sigma_nats_handler_duration_seconds');
      }
    });

    it('is restarted with backoff while the others keep running; its 503s log one line each', async () => {
      const gateway = system.appPid('gateway');
      const token = await system.api.token('viewer');
      // Past the gateway's record cache, which would answer a record it read before records died.
      const read = () => status(`${system.baseUrl}/records/ent-001`, { headers: { authorization: `Bearer ${token}`, 'cache-control': 'no-cache' } });
      for (const round of [1, 2]) {
        const records = system.appPid('records');
        expect(records).toBeDefined();
        process.kill(records as number, 'SIGKILL');
        await system.waitFor(new RegExp(`\\[start\\] records was killed by SIGKILL unexpectedly; restarting it in ${round} s \\(restart ${round} in a row\\)`));
        expect(await read()).toBe(503);
        await system.waitFor(new RegExp(`(\\[start\\] restarted records[^\\n]*\\n[\\s\\S]*){${round}}`));
        await eventually(async () => expect(await read()).toBe(200), 60_000, 250);
        expect(system.appPid('records')).not.toBe(records);
      }
      expect(system.appPid('gateway')).toBe(gateway);
      expect(system.child.exitCode).toBeNull();
      expect((await fetch(`http://127.0.0.1:${metricsBase}/ready`)).status).toBe(200);
      const gatewayLines = system.output().split('\n').filter((line) => line.startsWith('[gateway]'));
      expect(gatewayLines.some((line) => /GET \/api\/v1\/records\/ent-001 503 service-unavailable/.test(line))).toBe(true);
      expect(gatewayLines.filter((line) => /^\[gateway\]\s+at /.test(line))).toEqual([]);
    });
  });

  describe('SIGTERM during an apply under load (LOG_FORMAT=json)', () => {
    let system: NpmStart;

    beforeAll(async () => {
      system = await startNpmStart('shutdown', { LOG_FORMAT: 'json' });
      await system.waitFor(/"message":"ready"/);
    }, 120_000);

    afterAll(async () => {
      await system?.stop();
    }, 60_000);

    it('every app exits 0, every request in flight gets an answer, and every line is JSON', async () => {
      const editor = await system.api.token('editor');
      const reviewer = await system.api.token('reviewer');
      const operations = Array.from({ length: 3000 }, (_, i) => ({
        type: 'create',
        schemaId: 'schema-apparel',
        changes: [{ attributeAlias: 'sku', newValue: `STOP-${i}` }],
      }));
      const set = await system.api.request('POST', '/change-sets', { token: editor, body: { title: 'Stop test', source: { type: 'user', name: 'Ops' }, operations } });
      expect(set.status).toBe(201);
      expect((await system.api.request('POST', `/change-sets/${set.body.id}/submit`, { token: editor })).status).toBe(200);
      expect((await system.api.request('POST', `/change-sets/${set.body.id}/approve`, { token: reviewer })).status).toBe(200);

      const inFlight: Promise<number>[] = [];
      let signalled = false;
      const send = (path: string, method = 'GET', token = editor) =>
        status(`${system.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
      inFlight.push(send(`/change-sets/${set.body.id}/apply`, 'POST', reviewer));
      const load = Array.from({ length: 4 }, async () => {
        while (!signalled) {
          const request = send('/records?limit=20');
          inFlight.push(request);
          await request;
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      signalled = true;
      system.child.kill('SIGTERM');
      const code = await system.exited;
      await Promise.all(load);
      const answers = await Promise.all(inFlight);

      const lines = system.output().trimEnd().split('\n');
      const parsed: { service?: string; message?: string; notJson?: string }[] = lines.map((line) => {
        try {
          return JSON.parse(line) as { service?: string; message?: string };
        } catch {
          return { notJson: line };
        }
      });
      expect(parsed.filter((line) => line.notJson !== undefined)).toEqual([]);
      const apps = parsed.find((line) => line.service === 'start' && line.message?.startsWith('started '))?.message?.slice('started '.length).split(', ');
      expect(apps).toEqual(expect.arrayContaining([...SERVICES, 'gateway']));
      const exits = parsed.filter((line) => line.service === 'start' && / (exited with code|was killed by) /.test(line.message ?? '')).map((line) => line.message);
      expect(exits.sort()).toEqual((apps ?? []).map((app) => `${app} exited with code 0`).sort());
      expect(code).toBe(143);
      expect(answers.filter((answer) => answer === 0)).toEqual([]);
      expect([200, 503]).toContain(answers[0]);
    });
  });
});
