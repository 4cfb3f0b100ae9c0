import { createTestDatabase, TEST_NATS_URL, type TestDatabase, uniqueSubjectPrefix } from './test-database';
import { freePort } from './free-port';
import { type ServiceProcess, spawnService } from './service-process';
import { ApiClient } from './api-client';
import { deletePrefixStreams } from './nats-cleanup';
import { connectedToPort, cpuTicks } from './replica-ready';

/** Every backend app; the gateway is started last, once they are up. */
export const BACKEND_APPS = ['records', 'workflow', 'audit', 'change-sets', 'webhooks'] as const;

export interface TestSystem {
  baseUrl: string;
  database: TestDatabase;
  subjectPrefix: string;
  api: ApiClient;
  services: ServiceProcess[];
  /** The running process of one service (its first replica). */
  service(name: string): ServiceProcess;
  /** Every running replica of one service, in start order. */
  replicasOf(name: string): ServiceProcess[];
  /** Starts a service again with the same environment (after a kill), replacing it in `services`; resolves once the gateway is healthy. */
  restart(name: string): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export interface TestSystemOptions {
  env?: NodeJS.ProcessEnv;
  label?: string;
  startupTimeoutMs?: number;
  /** Processes per backend app (default 1 each), all with the same environment; the gateway has a port, so there is one. */
  replicas?: Partial<Record<string, number>>;
}

/**
 * The whole system for one e2e test file: a fresh database, its own NATS subject prefix,
 * every service as a real process, and the gateway on a free port.
 */
export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const database = await createTestDatabase(options.label ?? 'e2e');
  const subjectPrefix = uniqueSubjectPrefix('e2e');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: database.url,
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Test files send hundreds of requests per token; limits.e2e-spec sets its own low limit.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...options.env,
  };
  const counts = replicaCounts(options.replicas);
  const services = [...BACKEND_APPS.flatMap((app) => Array.from({ length: counts[app] }, () => spawnService(app, env))), spawnService('gateway', env)];
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([database.drop(), deletePrefixStreams(subjectPrefix)]);
  };
  try {
    const deadline = Date.now() + (options.startupTimeoutMs ?? 45000);
    await waitForHealthy(baseUrl, services, deadline - Date.now());
    await waitForReplicas(services, counts, env.NATS_URL ?? TEST_NATS_URL, deadline);
  } catch (error) {
    await stop();
    throw error;
  }
  const service = (name: string) => {
    const found = services.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`No service ${name} in this system`);
    return found;
  };
  const replicasOf = (name: string) => services.filter((candidate) => candidate.name === name);
  const restart = async (name: string) => {
    const index = services.indexOf(service(name));
    await services[index].stop();
    services[index] = spawnService(name, env);
    await waitForHealthy(baseUrl, services, options.startupTimeoutMs ?? 45000);
    return services[index];
  };
  return { baseUrl, database, subjectPrefix, api: new ApiClient(baseUrl), services, service, replicasOf, restart, stop };
}

function replicaCounts(replicas: TestSystemOptions['replicas'] = {}): Record<string, number> {
  for (const [app, count] of Object.entries(replicas)) {
    if (!(BACKEND_APPS as readonly string[]).includes(app) && app !== 'gateway') throw new Error(`replicas: no app ${app}`);
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw new Error(`replicas: ${app} needs a whole number ≥ 1, got ${count}`);
  }
  if ((replicas.gateway ?? 1) !== 1) throw new Error('replicas: the gateway listens on a port, so a system has exactly one');
  return Object.fromEntries(BACKEND_APPS.map((app) => [app, replicas[app] ?? 1]));
}

/**
 * The gateway's health check reaches one replica of each app (a queue group answers once), so the
 * others count as up once they hold their NATS connection and have gone quiet: starting is busy
 * (loading, migrating), and subscribing is its last step.
 */
async function waitForReplicas(services: ServiceProcess[], counts: Record<string, number>, natsUrl: string, deadline: number): Promise<void> {
  const extra = services.filter((service) => (counts[service.name] ?? 1) > 1);
  if (extra.length === 0) return;
  const natsPort = Number(new URL(natsUrl.split(',')[0]).port || 4222);
  const busy = () => extra.map((service) => (service.child.pid === undefined ? undefined : cpuTicks(service.child.pid)) ?? 0);
  let before = busy();
  while (Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 300));
    const dead = extra.find((service) => service.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited during startup:\n${dead.output()}`);
    const now = busy();
    // At most 3 ticks (30 ms of CPU) in 300 ms: idle.
    const quiet = now.every((ticks, i) => ticks - before[i] <= 3);
    before = now;
    if (quiet && extra.every((service) => service.child.pid !== undefined && connectedToPort(service.child.pid, natsPort))) return;
  }
  throw new Error(`Not every replica came up in time:\n${extra.map((s) => `--- ${s.name}\n${s.output()}`).join('\n')}`);
}

/** Until the gateway at `baseUrl` answers its health with 200 (every service up); fails at once when a process exits. */
export async function waitForHealthy(baseUrl: string, services: ServiceProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = services.find((service) => service.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited during startup:\n${dead.output()}`);
    try {
      // A probe that hangs must not hold the wait past its deadline.
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`System not healthy after ${timeoutMs} ms:\n${services.map((s) => `--- ${s.name}\n${s.output()}`).join('\n')}`);
}
