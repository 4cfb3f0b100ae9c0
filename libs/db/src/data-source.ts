import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  /** The PostgreSQL schema this service owns; it touches no other. */
  schema: string;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  poolSize?: number;
  applicationName?: string;
}

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: options.applicationName ?? options.schema,
    // search_path makes raw SQL in this service resolve to its own schema only.
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema}` },
  };
}

/** Opens the service's DataSource, creating its schema and running pending migrations first. */
export async function openServiceDataSource(options: ServiceDataSourceOptions, runMigrations: boolean): Promise<DataSource> {
  const dataSource = new DataSource(serviceDataSourceOptions(options));
  await dataSource.initialize();
  if (runMigrations) await migrate(dataSource, options.schema);
  return dataSource;
}

export async function migrate(dataSource: DataSource, schema: string): Promise<void> {
  // The migrations table lives in the service schema, so the schema must exist before TypeORM looks.
  // An advisory lock keeps two replicas starting together from racing on the same migrations.
  // The lock is session-level, so it is taken and released on one dedicated connection.
  const lockKey = `migrations:${schema}`;
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await lock.release();
  }
}
