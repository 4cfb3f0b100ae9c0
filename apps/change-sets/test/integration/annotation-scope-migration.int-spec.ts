import { Client } from 'pg';
import { openServiceDataSource } from '@sigma/db';
import { createTestDatabase, type TestDatabase } from '@sigma/testing';
import { changeSetsDataSourceOptions } from '../../src/database/data-source-options';
import { CHANGE_SETS_MIGRATIONS } from '../../src/database/migrations';

/** Annotations made before they carried a scope get the scope of the change they were made on: the first of their attribute. */
describe('change-sets migration: annotation scope (integration)', () => {
  let database: TestDatabase;
  let pg: Client;

  beforeAll(async () => {
    database = await createTestDatabase('csmigrate');
    pg = new Client({ connectionString: database.url });
    await pg.connect();
  }, 30_000);

  afterAll(async () => {
    await pg?.end();
    await database?.drop();
  }, 30_000);

  const migrateTo = async (count: number) => {
    const options = changeSetsDataSourceOptions({ databaseUrl: database.url });
    const dataSource = await openServiceDataSource({ ...options, migrations: CHANGE_SETS_MIGRATIONS.slice(0, count) }, true);
    await dataSource.destroy();
  };

  it('backfills the scope of existing annotations from the first change of their attribute', async () => {
    const annotationMigration = CHANGE_SETS_MIGRATIONS.findIndex((migration) => migration.name.startsWith('AnnotationScope'));
    expect(annotationMigration).toBeGreaterThan(0);
    await migrateTo(annotationMigration);
    const da = { 'dim-language': 'seg-da' };
    await pg.query(`
      INSERT INTO change_sets.change_set (id, title, source, source_type, source_key, status, created_by, created_at, updated_at, schema_ids)
      VALUES ('cs-1', 'Old', '{"type":"user","name":"U"}', 'user', 'user:U', 'pending_approval', 'user-admin', now(), now(), '{schema-apparel}')`);
    await pg.query(
      `INSERT INTO change_sets.operation (id, change_set_id, position, type, entity_id, schema_id, status, changes)
       VALUES ('cop-1', 'cs-1', 0, 'update', 'ent-1', 'schema-apparel', 'pending', $1::jsonb)`,
      [
        JSON.stringify([
          { attributeAlias: 'material', scope: {}, newValue: 'Wool' },
          { attributeAlias: 'product-name', scope: da, newValue: 'Skjorte' },
          { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, newValue: 'Hemd' },
        ]),
      ],
    );
    const annotate = (id: string, alias: string) =>
      pg.query(
        `INSERT INTO change_sets.annotation (id, change_set_id, operation_id, attribute_alias, text, start_offset, end_offset, sentiment, created_by, created_at)
         VALUES ($1, 'cs-1', 'cop-1', $2, 'x', 0, 1, 'good', 'user-admin', now())`,
        [id, alias],
      );
    await annotate('snip_name', 'product-name');
    await annotate('snip_material', 'material');

    await migrateTo(CHANGE_SETS_MIGRATIONS.length);
    const { rows } = await pg.query('SELECT id, scope FROM change_sets.annotation ORDER BY id');
    expect(rows).toEqual([
      { id: 'snip_material', scope: {} },
      { id: 'snip_name', scope: da },
    ]);
  });
});
