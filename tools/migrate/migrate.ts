import { BaseServiceConfig, loadConfig } from '@sigma/config';
import { openServiceDataSource, type ServiceDataSourceOptions } from '@sigma/db';
import { auditDataSourceOptions } from '../../apps/audit/src/database/data-source-options';
import { changeSetsDataSourceOptions } from '../../apps/change-sets/src/database/data-source-options';
import { webhooksDataSourceOptions } from '../../apps/webhooks/src/database/data-source-options';
import { recordsDataSourceOptions } from '../../apps/records/src/database/data-source-options';
import { workflowDataSourceOptions } from '../../apps/workflow/src/database/data-source-options';

/** Only PostgreSQL matters here: no NATS_URL needed, even in production. */
export class MigrateConfig extends BaseServiceConfig {
  override check(): string[] {
    return this.isProduction && !this.DATABASE_URL ? ['DATABASE_URL: required when NODE_ENV=production'] : [];
  }
}

type OptionsOf = (config: { databaseUrl: string; DB_POOL_SIZE?: number }) => ServiceDataSourceOptions;

/** Every service that owns a PostgreSQL schema, in the order their migrations run. */
export const SERVICE_SCHEMAS: Record<string, OptionsOf> = {
  records: recordsDataSourceOptions,
  workflow: workflowDataSourceOptions,
  audit: auditDataSourceOptions,
  'change-sets': changeSetsDataSourceOptions,
  webhooks: webhooksDataSourceOptions,
};

/** Which services to migrate: MIGRATE_SERVICES=records,audit, or every one. */
export function selectServices(value: string | undefined): string[] {
  const all = Object.keys(SERVICE_SCHEMAS);
  if (!value?.trim()) return all;
  const wanted = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new Error(`MIGRATE_SERVICES names unknown service(s): ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return all.filter((name) => wanted.includes(name));
}

/**
 * Runs the pending migrations of each service's schema (each under its advisory lock, so a
 * service starting with RUN_MIGRATIONS=true at the same moment waits rather than races).
 */
export async function migrateAll(env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<string[]> {
  const config = loadConfig('migrate', MigrateConfig, env);
  const services = selectServices(env.MIGRATE_SERVICES);
  for (const service of services) {
    const options = { ...SERVICE_SCHEMAS[service]({ databaseUrl: config.databaseUrl }), poolSize: 2, applicationName: `sigma-migrate-${service}` };
    const started = Date.now();
    const dataSource = await openServiceDataSource(options, true);
    try {
      const applied = (await dataSource.query(`SELECT count(*)::int AS n FROM "${options.schema}".migrations`)) as { n: number }[];
      log(`${service}: schema "${options.schema}" up to date (${applied[0].n} migrations applied) in ${Date.now() - started} ms`);
    } finally {
      await dataSource.destroy();
    }
  }
  return services;
}
