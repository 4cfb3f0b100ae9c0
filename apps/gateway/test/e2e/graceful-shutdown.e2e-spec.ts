import { startTestSystem, type TestSystem } from '@sigma/testing';

/** A GET that never hangs the test: past 15 s it counts as a hang (status 0). */
async function get(url: string, token: string): Promise<number> {
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

describe('graceful shutdown: SIGTERM to a service during requests (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'shutdown' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  });

  it('answers every request with 200 or a clean 503, never a hang or a timeout, and records exits 0 within 10 s', async () => {
    const records = system.services.find((service) => service.name === 'records')!;
    const token = await system.api.token('viewer');
    const url = `${system.baseUrl}/records?schemaId=schema-apparel&limit=100`;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      records.child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );

    // 50 concurrent GETs; SIGTERM goes out as soon as the first has answered, so the rest are in flight.
    const burst = Array.from({ length: 50 }, () => get(url, token));
    await Promise.race(burst);
    const signalledAt = Date.now();
    records.child.kill('SIGTERM');

    // Keep asking while records drains and after it is gone: each answer is 200 (served) or 503 (no responders).
    const during: number[] = [];
    let done = false;
    void exited.then(() => setTimeout(() => (done = true), 500));
    const workers = Array.from({ length: 5 }, async () => {
      while (!done) during.push(await get(url, token));
    });

    const exit = await exited;
    await Promise.all(workers);
    const statuses = [...(await Promise.all(burst)), ...during];

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(10000);
    const unexpected = statuses.filter((status) => status !== 200 && status !== 503);
    expect(unexpected).toEqual([]);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    // Once records is gone, the gateway answers at once with 503 rather than waiting for a timeout.
    const afterExit = Date.now();
    expect(await get(url, token)).toBe(503);
    expect(Date.now() - afterExit).toBeLessThan(2000);
  }, 60000);
});
