import { apparel, count, createRecordsTestBed, outboxRows, type RecordsRpc, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

describe('record deletes (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;

  beforeAll(async () => {
    bed = await createRecordsTestBed('deletes');
    ({ rpc } = await bed.start());
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('removes the record and all its variants, one event each, and frees their unique skus', async () => {
    const parent = await rpc.ok('records.record.create', apparel('PARENT-1'));
    const child = await rpc.ok('records.record.create', apparel('CHILD-1', 'Child', parent.id));
    const grandchild = await rpc.ok('records.record.create', apparel('GRANDCHILD-1', 'Grandchild', child.id));
    const sibling = await rpc.ok('records.record.create', apparel('CHILD-2', 'Child 2', parent.id));
    expect(child.parentId).toBe(parent.id);
    const outboxBefore = await count(bed.pg, 'SELECT 1 FROM outbox');

    const { deleted } = await rpc.ok('records.record.delete', { id: parent.id });
    expect(new Set(deleted)).toEqual(new Set([parent.id, child.id, grandchild.id, sibling.id]));
    expect(deleted.indexOf(grandchild.id)).toBeLessThan(deleted.indexOf(child.id));
    expect(deleted[deleted.length - 1]).toBe(parent.id);
    for (const id of deleted) expect((await rpc.fail('records.record.get', { id })).code).toBe('not-found');
    expect(await count(bed.pg, 'SELECT 1 FROM unique_value WHERE record_id = ANY($1)', [deleted])).toBe(0);

    const events = (await outboxRows(bed.pg)).slice(outboxBefore);
    expect(events.map((row) => row.type)).toEqual(deleted.map(() => 'records.record.deleted'));
    expect(new Set(events.map((row) => row.aggregate_id))).toEqual(new Set(deleted));
    expect(new Set(events.map((row) => row.xmin)).size).toBe(1);

    for (const sku of ['PARENT-1', 'CHILD-1', 'GRANDCHILD-1', 'CHILD-2']) {
      expect((await rpc.ok('records.record.create', apparel(sku))).values.sku).toEqual([{ scope: {}, value: sku }]);
    }
  });

  it('deleting a variant leaves its parent and siblings', async () => {
    const parent = await rpc.ok('records.record.create', apparel('P-2'));
    const a = await rpc.ok('records.record.create', apparel('P-2-A', 'A', parent.id));
    const b = await rpc.ok('records.record.create', apparel('P-2-B', 'B', parent.id));
    expect(await rpc.ok('records.record.delete', { id: a.id })).toEqual({ deleted: [a.id] });
    expect((await rpc.ok('records.record.get', { id: parent.id })).id).toBe(parent.id);
    expect((await rpc.ok('records.record.get', { id: b.id })).parentId).toBe(parent.id);
  });

  it('a variant created while its parent is being deleted: either both go or the create is refused, never an internal error', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round++) {
      const parent = await rpc.ok('records.record.create', apparel(`RACE-P-${round}`));
      const [deleted, variant] = await Promise.all([
        rpc.call('records.record.delete', { id: parent.id }),
        rpc.call('records.record.create', apparel(`RACE-V-${round}`, 'Variant', parent.id)),
      ]);
      outcomes.push(`${deleted.ok ? 'deleted' : deleted.error.code} / ${variant.ok ? 'created' : variant.error.code}`);
      if (!deleted.ok || !variant.ok) continue;
      // Both succeeded: the variant was committed first, so the delete must have taken it along.
      expect(deleted.data.deleted).toContain(variant.data.id);
    }
    expect(outcomes.filter((outcome) => outcome.includes('internal'))).toEqual([]);
    expect(outcomes.every((outcome) => ['deleted / created', 'deleted / validation-failed'].includes(outcome))).toBe(true);
    const orphans = await bed.pg.query('SELECT r.id FROM record r LEFT JOIN record p ON p.id = r.parent_id WHERE r.parent_id IS NOT NULL AND p.id IS NULL');
    expect(orphans.rows).toEqual([]);
  });

  it('a record deleted twice: the second delete is not-found and writes nothing', async () => {
    const record = await rpc.ok('records.record.create', apparel('TWICE-1'));
    await rpc.ok('records.record.delete', { id: record.id });
    const outbox = await count(bed.pg, 'SELECT 1 FROM outbox');
    expect((await rpc.fail('records.record.delete', { id: record.id })).code).toBe('not-found');
    expect(await count(bed.pg, 'SELECT 1 FROM outbox')).toBe(outbox);
  });
});
