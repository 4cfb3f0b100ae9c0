import type { ServiceDataSourceOptions } from '@sigma/db';
import { RECORDS_ENTITIES } from './entities';
import { RECORDS_MIGRATIONS } from './migrations';

export const RECORDS_SCHEMA = 'records';

/** The records service's DataSource: its own schema, entities and migrations (used by the module and by tools/migrate). */
export function recordsDataSourceOptions(config: { databaseUrl: string; DB_POOL_SIZE?: number }): ServiceDataSourceOptions {
  return {
    url: config.databaseUrl,
    schema: RECORDS_SCHEMA,
    entities: RECORDS_ENTITIES,
    migrations: RECORDS_MIGRATIONS,
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'sigma-records',
  };
}
