import { createTestDatabase, TEST_NATS_URL, type TestDatabase, uniqueSubjectPrefix } from './test-database';
import { freePort } from './free-port';
import { type ServiceProcess, spawnService } from './service-process';
import { ApiClient } from './api-client';
import { deletePrefixStreams } from './nats-cleanup';

/** Every backend app; the gateway is started last, once they are up. */
export const BACKEND_APPS = ['records', 'workflow', 'audit', 'change-sets', 'webhooks'] as const;

export interface TestSystem {
  baseUrl: string;
  database: TestDatabase;
  subjectPrefix: string;
  api: ApiClient;
  services: ServiceProcess[];
  /** The running process of one service. */
  service(name: string): ServiceProcess;
  /** Starts a service again with the same environment (after a kill), replacing it in `services`; resolves once the gateway is healthy. */
  restart(name: string): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export interface TestSystemOptions {
  env?: NodeJS.ProcessEnv;
  label?: string;
  startupTimeoutMs?: number;
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
  const services = [...BACKEND_APPS.map((app) => spawnService(app, env)), spawnService('gateway', env)];
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await Promise.all([database.drop(), deletePrefixStreams(subjectPrefix)]);
  };
  try {
    await waitForHealthy(baseUrl, services, options.startupTimeoutMs ?? 45000);
  } catch (error) {
    await stop();
    throw error;
  }
  const service = (name: string) => {
    const found = services.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`No service ${name} in this system`);
    return found;
  };
  const restart = async (name: string) => {
    const index = services.indexOf(service(name));
    await services[index].stop();
    services[index] = spawnService(name, env);
    await waitForHealthy(baseUrl, services, options.startupTimeoutMs ?? 45000);
    return services[index];
  };
  return { baseUrl, database, subjectPrefix, api: new ApiClient(baseUrl), services, service, restart, stop };
}

async function waitForHealthy(baseUrl: string, services: ServiceProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = services.find((service) => service.child.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited during startup:\n${dead.output()}`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`System not healthy after ${timeoutMs} ms:\n${services.map((s) => `--- ${s.name}\n${s.output()}`).join('\n')}`);
}
