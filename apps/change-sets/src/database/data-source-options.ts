import type { ServiceDataSourceOptions } from '@sigma/db';
import { CHANGE_SETS_ENTITIES } from './entities';
import { CHANGE_SETS_MIGRATIONS } from './migrations';

export const CHANGE_SETS_SCHEMA = 'change_sets';

/** The change-sets service's DataSource: its own schema, entities and migrations (used by the module and by tools/migrate). */
export function changeSetsDataSourceOptions(config: { databaseUrl: string; DB_POOL_SIZE?: number }): ServiceDataSourceOptions {
  return {
    url: config.databaseUrl,
    schema: CHANGE_SETS_SCHEMA,
    entities: CHANGE_SETS_ENTITIES,
    migrations: CHANGE_SETS_MIGRATIONS,
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'sigma-change-sets',
  };
}
