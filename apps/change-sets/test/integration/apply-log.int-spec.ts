import { ApplyLogRepository } from '../../src/apply/apply-log';
import { type ApplyLogBed, describeApplyLogContract } from '../apply-log.contract';
import { seedOperation, type StoredSet } from '../fakes/in-memory-apply-log';
import { ChangeSetsIntBed } from './change-sets-int-bed';

/** The PostgreSQL apply log keeps the contract its in-memory fake is unit-tested to (apply-log.contract.ts). */
let bed: ChangeSetsIntBed;
let contract: ApplyLogBed;

beforeAll(async () => {
  bed = await ChangeSetsIntBed.start('cslog', { records: false });
  const log = new ApplyLogRepository(bed.dataSource);
  contract = {
    log,
    async seed(set) {
      await bed.pg.query(
        `INSERT INTO change_sets.change_set (id, title, source, source_type, source_key, status, created_by, created_at, updated_at, revision_count, schema_ids)
         VALUES ($1, 'Contract', '{"type":"user","name":"Test"}', 'user', 'user:Test', $2, 'user-admin', now(), now(), 0, '{schema-test}')`,
        [set.id, set.status],
      );
      for (const [position, operation] of set.operations.entries()) {
        const intent = seedOperation(operation);
        await bed.pg.query(
          `INSERT INTO change_sets.operation (id, change_set_id, position, type, entity_id, schema_id, status, changes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
          [operation.id, set.id, position, intent.type, intent.entityId ?? null, intent.schemaId, operation.status, JSON.stringify(intent.changes)],
        );
      }
    },
    async inspect(id): Promise<StoredSet> {
      const [set] = (await bed.pg.query('SELECT status, apply_result FROM change_sets.change_set WHERE id = $1', [id])).rows;
      const operations = await bed.pg.query(
        'SELECT id, status, apply_state, event_ids, error FROM change_sets.operation WHERE change_set_id = $1 ORDER BY position',
        [id],
      );
      return {
        status: set.status,
        applyResult: set.apply_result,
        operations: operations.rows.map((row) => ({ id: row.id, status: row.status, applyState: row.apply_state, eventIds: row.event_ids, error: row.error })),
      };
    },
    async holdLock(id) {
      // Another process: its own connection holding the session lock.
      const runner = bed.dataSource.createQueryRunner();
      await runner.connect();
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`apply:${id}`]);
      return async () => {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`apply:${id}`]);
        await runner.release();
      };
    },
  };
}, 60_000);

afterAll(async () => {
  await bed?.stop();
}, 60_000);

describeApplyLogContract('PostgreSQL', () => contract);
