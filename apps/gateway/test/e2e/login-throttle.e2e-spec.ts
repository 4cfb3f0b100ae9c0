import { startTestSystem, type TestSystem } from '@sigma/testing';

/** A longer first lock than the default 1 s, so "still locked right after the burst" holds on a slow machine. */
const BASE_DELAY_MS = 2000;

describe('login throttling per account (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'login-throttle', env: { LOGIN_THROTTLE_BASE_DELAY_MS: String(BASE_DELAY_MS), LOG_FORMAT: 'json' } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const attempt = (username: string, password: string) => system.api.request('POST', '/auth/token', { body: { username, password } });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Logs in, waiting out each Retry-After the gateway names (bounded number of waits). */
  async function loginAfterLock(username: string, password: string) {
    for (let waits = 0; waits < 5; waits++) {
      const response = await attempt(username, password);
      if (response.status !== 429) return response;
      await sleep(Number(response.headers.get('retry-after')) * 1000 + 100);
    }
    return attempt(username, password);
  }

  it('30 wrong passwords: 429s with Retry-After appear, the right password is refused while locked and accepted after the delay', async () => {
    const statuses: number[] = [];
    let lastLocked: Awaited<ReturnType<typeof attempt>> | undefined;
    for (let i = 0; i < 30; i++) {
      const response = await attempt('editor', `wrong-password-${i}`);
      statuses.push(response.status);
      if (response.status === 429) lastLocked = response;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(10);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(lastLocked!.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many failed sign-ins; retry in \d+ s$/),
      code: 'rate-limited',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(Number(lastLocked!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const whileLocked = await attempt('editor', 'editor-demo');
    expect(whileLocked.status).toBe(429);
    expect(whileLocked.body.accessToken).toBeUndefined();

    const afterDelay = await loginAfterLock('editor', 'editor-demo');
    expect(afterDelay.status).toBe(200);
    expect(afterDelay.body.accessToken).toEqual(expect.any(String));
  });

  it('a successful login resets the count: the next wrong passwords are plain 401s again', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt('editor', 'wrong-again')).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect((await attempt('editor', 'editor-demo')).status).toBe(200);
  });

  it('throttles an unknown username the same way, so a 429 does not tell whether the user exists', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    let unknownLocked: Awaited<ReturnType<typeof attempt>> | undefined;
    for (let i = 0; i < 8; i++) {
      known.push((await attempt('reviewer', 'nope-nope')).status);
      const response = await attempt('nobody.here', 'nope-nope');
      unknown.push(response.status);
      if (response.status === 429) unknownLocked = response;
    }
    expect(known.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(unknown.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(known).toContain(429);
    expect(unknown).toContain(429);
    expect(unknownLocked!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Object.keys(unknownLocked!.body).sort()).toEqual(['code', 'details', 'error', 'message', 'statusCode']);
  });

  it('locks one account, not others: another user signs in meanwhile', async () => {
    for (let i = 0; i < 6; i++) await attempt('agent', 'wrong-wrong');
    expect((await attempt('agent', 'agent-demo')).status).toBe(429);
    expect((await attempt('viewer', 'viewer-demo')).status).toBe(200);
  });

  it('logs a structured warning for repeated failures', () => {
    const lines = system
      .service('records')
      .output()
      .split('\n')
      .filter((line) => line.includes('login-throttled'))
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      service: 'records',
      message: { event: 'login-throttled', username: 'editor', failures: 5, lockedForMs: BASE_DELAY_MS },
    });
  });
});
