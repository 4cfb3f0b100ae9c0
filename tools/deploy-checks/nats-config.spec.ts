import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CONFIG = resolve(ROOT, 'deploy/nats/nats-server.conf');
const USERS = ['gateway', 'records', 'workflow', 'audit', 'change-sets', 'webhooks'];

describe('deploy/nats/nats-server.conf', () => {
  const text = readFileSync(CONFIG, 'utf8');

  it('has one user per app, its password from the environment', () => {
    for (const user of USERS) {
      expect(text).toContain(`user: ${user}\n      password: $${user.replace('-', '_').toUpperCase()}_NATS_PASSWORD`);
    }
  });

  it('is what the Helm chart renders for the NATS server', () => {
    expect(readFileSync(resolve(ROOT, 'deploy/helm/sigma-pim/files/nats-server.conf'), 'utf8')).toBe(text);
  });

  it('is accepted by nats-server -t', () => {
    const binary = [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nats-server')), '/usr/sbin/nats-server'].find(existsSync);
    if (!binary) throw new Error('nats-server is not installed (apt-get install nats-server)');
    const passwords = Object.fromEntries(USERS.map((user) => [`${user.replace('-', '_').toUpperCase()}_NATS_PASSWORD`, 'x']));
    const output = execFileSync(binary, ['-t', '-c', CONFIG], { env: { ...process.env, ...passwords }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(output).toBe('');
  });
});
