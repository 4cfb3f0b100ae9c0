import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import type { ServiceHealth } from '@sigma/contracts';

/** A service's view of its own dependencies: PostgreSQL answers a query, NATS is connected. */
export async function checkHealth(service: string, dataSource: DataSource, nats: NatsConnection): Promise<ServiceHealth> {
  const started = Date.now();
  let postgres: ServiceHealth['checks'][string];
  try {
    await dataSource.query('SELECT 1');
    postgres = { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    postgres = { status: 'down', error: (error as Error).message };
  }
  const natsCheck: ServiceHealth['checks'][string] = nats.isClosed() ? { status: 'down', error: 'connection closed' } : { status: 'up' };
  return {
    service,
    status: postgres.status === 'up' && natsCheck.status === 'up' ? 'up' : 'down',
    checks: { postgres, nats: natsCheck },
  };
}
