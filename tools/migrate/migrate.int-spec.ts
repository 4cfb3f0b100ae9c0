import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@sigma/testing';
import { migrateAll } from './migrate';

describe('tools/migrate against PostgreSQL (integration)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('migrate');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('creates every service schema with its migrations table, and a second run changes nothing', async () => {
    const lines: string[] = [];
    await expect(migrateAll({ DATABASE_URL: database.url }, (line) => lines.push(line))).resolves.toEqual([
      'records',
      'workflow',
      'audit',
      'change-sets',
      'webhooks',
    ]);
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const count = async () =>
        (
          await pg.query<{ schema: string; n: number }>(
            `SELECT s AS schema, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.migrations', s), false, true, '')))[1]::text::int AS n
               FROM unnest(ARRAY['records', 'workflow', 'audit', 'change_sets', 'webhooks']) AS s`,
          )
        ).rows;
      const first = await count();
      expect(first.every((row) => row.n > 0)).toBe(true);
      await migrateAll({ DATABASE_URL: database.url }, () => undefined);
      expect(await count()).toEqual(first);
      const outbox = await pg.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'records' AND table_name = 'outbox'`);
      expect(outbox.rowCount).toBe(1);
    } finally {
      await pg.end();
    }
    expect(lines).toHaveLength(5);
  });
});
