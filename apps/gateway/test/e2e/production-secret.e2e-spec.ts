import { randomBytes } from 'node:crypto';
import { freePort, spawnService, TEST_NATS_URL, type ServiceProcess } from '@sigma/testing';
import { DEV_SECRET } from '../support/jwt';

/** The gateway as a real process in production mode, with the JWT_SECRET under test. */
function startProductionGateway(jwtSecret: string, port = 0): ServiceProcess {
  return spawnService('gateway', {
    NODE_ENV: 'production',
    JWT_SECRET: jwtSecret,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: `prod-secret-${process.pid}`,
    HOST: '127.0.0.1',
    PORT: String(port),
  });
}

async function exitOf(gateway: ServiceProcess, timeoutMs = 20000): Promise<number | null> {
  if (gateway.child.exitCode !== null) return gateway.child.exitCode;
  const timer = setTimeout(() => void gateway.stop(), timeoutMs);
  const code = await new Promise<number | null>((resolve) => gateway.child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return code;
}

describe('production refuses a public JWT secret (e2e, gateway process)', () => {
  it.each([
    ['the development default', DEV_SECRET, 'JWT_SECRET: is the development default, which is public'],
    ['a string written in the README', 'postgres://postgres@127.0.0.1:5432/sigma_pim', 'JWT_SECRET: appears in the repository'],
    ['a secret under 32 characters', 'too-short-a-secret', 'JWT_SECRET: must be at least 32 characters'],
  ])('exits non-zero naming the problem for %s', async (_, secret, message) => {
    const gateway = startProductionGateway(secret);
    const code = await exitOf(gateway);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(gateway.output()).toContain(message);
    expect(gateway.output()).toContain('openssl rand -hex 32');
  });

  it('starts with a long secret of its own (the same setup otherwise)', async () => {
    const port = await freePort();
    const gateway = startProductionGateway(randomBytes(24).toString('hex'), port);
    try {
      let live = false;
      for (let attempt = 0; attempt < 150 && !live && gateway.child.exitCode === null; attempt++) {
        live = await fetch(`http://127.0.0.1:${port}/api/v1/health/live`).then((response) => response.status === 200, () => false);
        if (!live) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect({ live, output: live ? '' : gateway.output() }).toEqual({ live: true, output: '' });
    } finally {
      await gateway.stop();
    }
  });
});
