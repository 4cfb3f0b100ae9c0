import { ConfigError, loadConfig } from '@sigma/config';
import { MigrateConfig, SERVICE_SCHEMAS, selectServices } from './migrate';

describe('tools/migrate', () => {
  it('migrates every service schema by default, in order', () => {
    expect(selectServices(undefined)).toEqual(['records', 'workflow', 'audit', 'change-sets', 'webhooks']);
    expect(Object.values(SERVICE_SCHEMAS).map((options) => options({ databaseUrl: 'postgres://x/y' }).schema)).toEqual([
      'records',
      'workflow',
      'audit',
      'change_sets',
      'webhooks',
    ]);
  });

  it('takes a subset from MIGRATE_SERVICES and rejects unknown names', () => {
    expect(selectServices('audit, records')).toEqual(['records', 'audit']);
    expect(() => selectServices('records,billing')).toThrow(/unknown service\(s\): billing/);
  });

  it('needs DATABASE_URL but not NATS_URL in production', () => {
    expect(() => loadConfig('migrate', MigrateConfig, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(loadConfig('migrate', MigrateConfig, { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/sigma' }).databaseUrl).toBe(
      'postgres://db/sigma',
    );
  });
});
