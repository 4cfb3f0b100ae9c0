import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { ApiClient, createTestDatabase, eventually, freePort, type ServiceProcess, spawnService, type TestDatabase } from '@sigma/testing';

export const NATS_CONFIG = resolve(__dirname, '../../../../deploy/nats/nats-server.conf');
export const NATS_USERS = ['gateway', 'records', 'workflow', 'audit', 'change-sets', 'webhooks'] as const;

export interface NatsServer {
  port: number;
  /** NATS_URL for one of the configured users. */
  urlFor(user: (typeof NATS_USERS)[number]): string;
  output(): string;
  stop(): Promise<void>;
}

export function natsServerBinary(): string {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nats-server')), '/usr/sbin/nats-server'];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('nats-server is not installed (apt-get install nats-server); .ci/run installs it');
  return found;
}

/** Password env of each user, as deploy/nats/nats-server.conf reads them. */
export function passwordVariable(user: string): string {
  return `${user.replace('-', '_').toUpperCase()}_NATS_PASSWORD`;
}

/**
 * A private nats-server with deploy/nats/nats-server.conf (own port, JetStream store in a temp dir);
 * `edit` changes the config first (a test of what a narrower rule does).
 */
export async function startNatsServer(edit: (config: string) => string = (config) => config): Promise<NatsServer> {
  const port = await freePort();
  const monitor = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sigma-nats-'));
  // The deploy config as is, but with its JetStream store in the temp dir (a flag cannot override it).
  const config = join(dir, 'nats-server.conf');
  const deployed = readFileSync(NATS_CONFIG, 'utf8');
  if (!/^\s*store_dir: \/data$/m.test(deployed)) throw new Error(`${NATS_CONFIG}: expected a 'store_dir: /data' line`);
  writeFileSync(config, edit(deployed.replace(/^(\s*)store_dir: \/data$/m, `$1store_dir: "${join(dir, 'store')}"`)));
  const passwords = Object.fromEntries(NATS_USERS.map((user) => [passwordVariable(user), `${user}-pw-${port}`]));
  const child: ChildProcess = spawn(natsServerBinary(), ['-c', config, '-a', '127.0.0.1', '-p', String(port), '-m', String(monitor)], {
    env: { ...process.env, ...passwords },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-50000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nats-server did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    port,
    urlFor: (user) => `nats://${user}:${encodeURIComponent(passwords[passwordVariable(user)])}@127.0.0.1:${port}`,
    output: () => output,
    stop,
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

export interface SystemOnNats {
  api: ApiClient;
  database: TestDatabase;
  services: ServiceProcess[];
  stop(): Promise<void>;
}

/** Every app as its own process, each with its own user of `nats`, on a fresh database; resolves once the gateway is healthy. */
export async function startSystemOnNats(nats: NatsServer, label: string): Promise<SystemOnNats> {
  const database = await createTestDatabase(label);
  const port = await freePort();
  const api = new ApiClient(`http://127.0.0.1:${port}/api/v1`);
  const env = { DATABASE_URL: database.url, NATS_SUBJECT_PREFIX: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const services = NATS_USERS.map((user) => spawnService(user, { ...env, NATS_URL: nats.urlFor(user) }));
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await database.drop();
  };
  await eventually(async () => {
    const dead = services.find((service) => service.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited:\n${dead.output()}`);
    const health = await fetch(`${api.baseUrl}/health`).catch(() => undefined);
    expect(health?.status).toBe(200);
  }, 75000, 250).catch(async (error: Error) => {
    const output = `${services.map((s) => `--- ${s.name}\n${s.output()}`).join('\n')}\n--- nats\n${nats.output()}`;
    await stop();
    throw new Error(`${error.message}\n${output}`);
  });
  return { api, database, services, stop };
}
