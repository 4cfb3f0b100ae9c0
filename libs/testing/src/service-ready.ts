import { connect } from 'nats';
import { prefixSubject } from '@sigma/messaging';
import { spawnService, type ServiceProcess } from './service-process';
import { TEST_NATS_URL } from './test-database';

/**
 * Starts a NATS service as its own process (as `npm start` does) and resolves once it answers its
 * health subject. Integration tests use it for the services beside the one they run in-process.
 */
export async function startServiceProcess(name: string, env: NodeJS.ProcessEnv, timeoutMs = 40000): Promise<ServiceProcess> {
  const service = spawnService(name, env);
  const nats = await connect({ servers: env.NATS_URL ?? TEST_NATS_URL });
  const subject = prefixSubject(env.NATS_SUBJECT_PREFIX, `${name}.health.check`);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (service.child.exitCode !== null) throw new Error(`${name} exited during startup:\n${service.output()}`);
      try {
        await nats.request(subject, JSON.stringify({ context: { requestId: 'startup' }, data: {} }), { timeout: 500 });
        return service;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error(`${name} did not answer ${subject} within ${timeoutMs} ms:\n${service.output()}`);
  } catch (error) {
    await service.stop();
    throw error;
  } finally {
    await nats.close();
  }
}
