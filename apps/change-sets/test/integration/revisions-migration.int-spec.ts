import { Client } from 'pg';
import { openServiceDataSource } from '@sigma/db';
import { createTestDatabase, type TestDatabase } from '@sigma/testing';
import { changeSetsDataSourceOptions } from '../../src/database/data-source-options';
import { CHANGE_SETS_MIGRATIONS } from '../../src/database/migrations';

/** Sets submitted before revisions were stored get their latest revision number and their proposals as it. */
describe('change-sets migration: revisions (integration)', () => {
  let database: TestDatabase;
  let pg: Client;

  beforeAll(async () => {
    database = await createTestDatabase('csrevisions');
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

  it('numbers existing sets by their revision requests and stores their operations, without ratings, as the latest revision', async () => {
    const revisionsMigration = CHANGE_SETS_MIGRATIONS.findIndex((migration) => migration.name.startsWith('ChangeSetRevisions'));
    expect(revisionsMigration).toBeGreaterThan(0);
    await migrateTo(revisionsMigration);
    const set = (id: string, status: string, submitted: boolean, revisionCount: number) =>
      pg.query(
        `INSERT INTO change_sets.change_set (id, title, source, source_type, source_key, status, created_by, created_at, updated_at, submitted_at, revision_count, schema_ids)
         VALUES ($1, 'Old', '{"type":"agent","name":"A"}', 'agent', 'agent:A', $2, 'user-agent', now(), now(), $3, $4, '{schema-apparel}')`,
        [id, status, submitted ? '2025-03-01T10:05:00Z' : null, revisionCount],
      );
    await set('cs-draft', 'draft', false, 0);
    await set('cs-pending', 'pending_approval', true, 0);
    await set('cs-resubmitted', 'pending_approval', true, 1);
    await set('cs-sent-back', 'revision_requested', true, 2);
    const changes = JSON.stringify([{ attributeAlias: 'material', scope: {}, newValue: 'Wool', rating: 'bad' }]);
    for (const [id, changeSetId] of [['cop-d', 'cs-draft'], ['cop-p', 'cs-pending'], ['cop-r', 'cs-resubmitted'], ['cop-s', 'cs-sent-back']]) {
      await pg.query(
        `INSERT INTO change_sets.operation (id, change_set_id, position, type, entity_id, schema_id, status, changes)
         VALUES ($1, $2, 0, 'update', 'ent-1', 'schema-apparel', 'pending', $3::jsonb)`,
        [id, changeSetId, changes],
      );
    }

    await migrateTo(CHANGE_SETS_MIGRATIONS.length);
    const numbered = await pg.query('SELECT id, revision FROM change_sets.change_set ORDER BY id');
    expect(numbered.rows).toEqual([
      { id: 'cs-draft', revision: 0 },
      { id: 'cs-pending', revision: 1 },
      { id: 'cs-resubmitted', revision: 2 },
      { id: 'cs-sent-back', revision: 2 },
    ]);
    const stored = await pg.query(
      `SELECT r.change_set_id, r.revision, r.operation_count, o.operation_id, o.changes
       FROM change_sets.change_set_revision r JOIN change_sets.change_set_revision_operation o USING (change_set_id, revision) ORDER BY 1`,
    );
    const proposal = [{ attributeAlias: 'material', scope: {}, newValue: 'Wool' }];
    expect(stored.rows).toEqual([
      { change_set_id: 'cs-pending', revision: 1, operation_count: 1, operation_id: 'cop-p', changes: proposal },
      { change_set_id: 'cs-resubmitted', revision: 2, operation_count: 1, operation_id: 'cop-r', changes: proposal },
      { change_set_id: 'cs-sent-back', revision: 2, operation_count: 1, operation_id: 'cop-s', changes: proposal },
    ]);
  });
});
