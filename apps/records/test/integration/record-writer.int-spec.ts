import { DataSource } from 'typeorm';
import type { IdempotencyRef, RecordOperation, RpcContext } from '@sigma/contracts';
import { idempotentWrite } from '@sigma/db';
import { RecordWriter } from '../../src/records/writer/record-writer';
import type { RecordMutation } from '../../src/records/writer/record-mutations';
import { operationMutation } from '../../src/change-set-operations/operation-mutation';
import { ADMIN, apparel, count, createRecordsTestBed, outboxRows, type RecordsRpc, type RecordsTestBed } from './records-harness';

/**
 * The record write unit against real PostgreSQL, without HTTP: batches whose items succeed or fail
 * independently, the events it returns, the version guards, and the Idempotency-Key stored with
 * the write. Change-set operations reach it through records.record.apply-operations.
 */
describe('RecordWriter (real PG)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;
  let writer: RecordWriter;
  let dataSource: DataSource;
  const context: RpcContext = { requestId: 'writer-it', actor: ADMIN };
  const sku = (n: number) => `WRT-${n}`;

  const recordRow = async (id: string) =>
    (await bed.pg.query<{ version: number; values: Record<string, { value: unknown }[]> }>('SELECT version, "values" FROM record WHERE id = $1', [id]))
      .rows[0];
  const update = (id: string, changes: RecordOperation['changes'], operationId = `op-${id}`): RecordOperation => ({
    operationId,
    type: 'update',
    entityId: id,
    schemaId: 'schema-apparel',
    changes,
  });

  beforeAll(async () => {
    bed = await createRecordsTestBed('writer');
    const instance = await bed.start();
    rpc = instance.rpc;
    writer = instance.app.get(RecordWriter);
    dataSource = instance.app.get(DataSource);
  });

  afterAll(async () => {
    await bed?.stop();
  });

  describe('writeEach: each item all or nothing', () => {
    it('applies the good items, fails the bad ones without a trace, and returns exactly the events it appended', async () => {
      const [a, b] = await Promise.all([rpc.ok('records.record.create', apparel(sku(1))), rpc.ok('records.record.create', apparel(sku(2)))]);
      const outboxBefore = await count(bed.pg, 'SELECT 1 FROM outbox');
      const items: { mutation: RecordMutation; context: RpcContext }[] = [
        update(a.id, [{ attributeAlias: 'material', newValue: 'Linen' }]),
        update(a.id, [{ attributeAlias: 'material', oldValue: 'Wool', newValue: 'Silk' }]),
        { operationId: 'op-dup', type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: sku(2) }] },
        { operationId: 'op-new', type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: sku(3) }] },
        update(a.id, [{ attributeAlias: 'material', oldValue: 'Linen', newValue: 'Linen blend' }]),
        update('ent-missing', [{ attributeAlias: 'material', newValue: 'x' }]),
        { operationId: 'op-del', type: 'delete', entityId: b.id, schemaId: 'schema-apparel', changes: [] },
      ].map((operation) => ({ mutation: operationMutation(operation as RecordOperation), context: { ...context, operationId: operation.operationId } }));

      const outcomes = await dataSource.transaction((manager) => writer.writeEach(manager, items));

      expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.error.code))).toEqual([
        'ok',
        'conflict',
        'validation-failed',
        'ok',
        'ok',
        'not-found',
        'ok',
      ]);
      // Two updates of one record in one batch build on each other: one version each, one row write.
      expect(await recordRow(a.id)).toMatchObject({ version: 3, values: expect.objectContaining({ material: [{ scope: {}, value: 'Linen blend' }] }) });
      expect(await recordRow(b.id)).toBeUndefined();
      expect(await count(bed.pg, `SELECT 1 FROM record WHERE "values"->'sku'->0->>'value' = $1`, [sku(2)])).toBe(0);
      expect(await count(bed.pg, `SELECT 1 FROM unique_value WHERE value_key = $1`, [JSON.stringify(sku(3))])).toBe(1);
      const returned = outcomes.flatMap((outcome) => (outcome.ok ? outcome.committed.events.map((event) => event.id) : []));
      const appended = (await outboxRows(bed.pg)).slice(outboxBefore).map((row) => row.id);
      expect(appended).toEqual(returned);
      expect(appended).toHaveLength(4);
    });

    it('an operation that changes nothing succeeds without a version or an event', async () => {
      const record = await rpc.ok('records.record.create', apparel(sku(4)));
      const [outcome] = await dataSource.transaction((manager) =>
        writer.writeEach(manager, [{ mutation: operationMutation(update(record.id, [{ attributeAlias: 'sku', newValue: sku(4) }])), context }]),
      );
      expect(outcome).toMatchObject({ ok: true, committed: { events: [] } });
      expect((await recordRow(record.id)).version).toBe(1);
    });
  });

  describe('version guards', () => {
    it('decidedOnVersion: a move decided on an older version is stale-write and writes nothing', async () => {
      const record = await rpc.ok('records.record.create', apparel(sku(5)));
      await rpc.ok('records.record.patch-attribute', { id: record.id, attributeAlias: 'material', scopedValues: [{ scope: {}, value: 'Cotton' }] });
      const move = { id: record.id, fromStateId: 'state-draft', toStateId: 'state-review', transitionId: 'trans-draft-to-review' };
      const error = await rpc.fail('records.record.move-lifecycle-state', { ...move, decidedOnVersion: 1 });
      expect(error).toMatchObject({ code: 'stale-write', details: { recordId: record.id, currentVersion: 2, decidedOnVersion: 1 } });
      expect((await recordRow(record.id)).version).toBe(2);
      expect(await rpc.ok('records.record.move-lifecycle-state', { ...move, decidedOnVersion: 2 })).toMatchObject({ version: 3, lifecycleStateId: 'state-review' });
    });

    it('expectedVersion (If-Match) stays precondition-failed', async () => {
      const record = await rpc.ok('records.record.create', apparel(sku(6)));
      const error = await rpc.fail('records.record.update', { id: record.id, values: { material: [{ scope: {}, value: 'x' }] }, expectedVersion: 7 });
      expect(error).toMatchObject({ code: 'precondition-failed', details: { currentVersion: 1, expectedVersion: 7 } });
    });
  });

  describe('idempotentWrite: the key is stored with the write', () => {
    const ref = (key: string, requestHash = 'hash-a'): IdempotencyRef => ({ subject: 'records.record.create', scope: 'user-admin POST /records', key, requestHash });
    const create = (key: string, n: number, hash?: string) =>
      dataSource.transaction((manager) =>
        idempotentWrite(manager, ref(key, hash), async () => (await writer.write(manager, { kind: 'create', ...apparel(sku(n)) }, context)).record.id),
      );

    it('a duplicate sent while the first is uncommitted waits for it and replays its result', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = dataSource.transaction(async (manager) => {
        const outcome = await idempotentWrite(manager, ref('k-wait'), async () => (await writer.write(manager, { kind: 'create', ...apparel(sku(7)) }, context)).record.id);
        await held;
        return outcome;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = create('k-wait', 8);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const [a, b] = await Promise.all([first, second]);
      expect(a.replayed).toBe(false);
      expect(b).toEqual({ result: a.result, replayed: true });
      expect(await count(bed.pg, `SELECT 1 FROM record WHERE "values"->'sku'->0->>'value' = ANY($1)`, [[sku(7), sku(8)]])).toBe(1);
    });

    it('the same key with another body is idempotency-key-reused; a rolled-back first attempt leaves the key free', async () => {
      await create('k-body', 9);
      await expect(create('k-body', 10, 'hash-b')).rejects.toMatchObject({ code: 'idempotency-key-reused' });
      await expect(
        dataSource.transaction((manager) =>
          idempotentWrite(manager, ref('k-fail'), async () => {
            throw new Error('the write failed');
          }),
        ),
      ).rejects.toThrow('the write failed');
      expect(await create('k-fail', 11)).toMatchObject({ replayed: false });
    });
  });

  describe('records.record.apply-operations (over NATS, no HTTP)', () => {
    it('a repeated request returns the stored results with their event ids and writes nothing again', async () => {
      const record = await rpc.ok('records.record.create', apparel(sku(12)));
      const request = { changeSetId: 'cs_writer1', operations: [update(record.id, [{ attributeAlias: 'material', newValue: 'Hemp' }], 'cop-w-1')] };
      const first = await rpc.ok('records.record.apply-operations', request);
      const outboxAfterFirst = await count(bed.pg, 'SELECT 1 FROM outbox');
      const again = await rpc.ok('records.record.apply-operations', request);
      expect(again).toEqual(first);
      expect(first[0]).toMatchObject({ status: 'applied', entityId: record.id, eventIds: [expect.any(String)] });
      const [event] = await outboxRows(bed.pg, record.id).then((rows) => rows.filter((row) => row.id === (first[0] as { eventIds: string[] }).eventIds[0]));
      expect(event.envelope).toMatchObject({ type: 'records.record.updated', changeSetId: 'cs_writer1', operationId: 'cop-w-1' });
      expect(await count(bed.pg, 'SELECT 1 FROM outbox')).toBe(outboxAfterFirst);
      expect((await recordRow(record.id)).version).toBe(2);
    });
  });
});
