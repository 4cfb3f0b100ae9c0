import type { ServiceDataSourceOptions } from '@sigma/db';
import { WEBHOOKS_MIGRATIONS } from './migrations';

export const WEBHOOKS_SCHEMA = 'webhooks';

/** The webhooks service's DataSource: its own schema and migrations (used by the module and by tools/migrate). */
export function webhooksDataSourceOptions(config: { databaseUrl: string; DB_POOL_SIZE?: number }): ServiceDataSourceOptions {
  return {
    url: config.databaseUrl,
    schema: WEBHOOKS_SCHEMA,
    entities: [],
    migrations: WEBHOOKS_MIGRATIONS,
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'sigma-webhooks',
  };
}
