import type { ServiceDataSourceOptions } from '@sigma/db';
import { AUDIT_MIGRATIONS } from './migrations';

export const AUDIT_SCHEMA = 'audit';

/** The audit service's DataSource: its own schema, entities and migrations (used by the module and by tools/migrate). */
export function auditDataSourceOptions(config: { databaseUrl: string; DB_POOL_SIZE?: number }): ServiceDataSourceOptions {
  return {
    url: config.databaseUrl,
    schema: AUDIT_SCHEMA,
    entities: [],
    migrations: AUDIT_MIGRATIONS,
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'sigma-audit',
  };
}
