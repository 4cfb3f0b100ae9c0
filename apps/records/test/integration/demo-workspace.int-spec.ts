import { DEMO_DIMENSIONS, DEMO_RECORDS, DEMO_SCHEMA, DEMO_USERS } from '../../src/demo/demo-workspace';
import { count, createRecordsTestBed, outboxRows, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

async function tableCounts(bed: RecordsTestBed) {
  return {
    dimensions: await count(bed.pg, 'SELECT 1 FROM dimension'),
    segments: await count(bed.pg, 'SELECT 1 FROM segment'),
    schemas: await count(bed.pg, 'SELECT 1 FROM record_schema'),
    attributes: await count(bed.pg, 'SELECT 1 FROM attribute'),
    users: await count(bed.pg, 'SELECT 1 FROM app_user'),
    records: await count(bed.pg, 'SELECT 1 FROM record'),
    outbox: await count(bed.pg, 'SELECT 1 FROM outbox'),
  };
}

const FULL_DEMO = {
  dimensions: DEMO_DIMENSIONS.length,
  segments: DEMO_DIMENSIONS.reduce((sum, dimension) => sum + dimension.segments.length, 0),
  schemas: 1,
  attributes: DEMO_SCHEMA.attributes.length,
  users: DEMO_USERS.length,
  records: DEMO_RECORDS.length,
  outbox: DEMO_RECORDS.length,
};

describe('demo workspace (records service, real PG + NATS)', () => {
  /** Beds of the single tests below; each test stops its own, afterAll catches any left by a failure. */
  const extraBeds: RecordsTestBed[] = [];
  const newBed = async (label: string) => {
    const bed = await createRecordsTestBed(label);
    extraBeds.push(bed);
    return bed;
  };

  afterAll(async () => {
    await Promise.allSettled(extraBeds.map((bed) => bed.stop()));
  });

  describe('on an empty database', () => {
    let bed: RecordsTestBed;

    beforeAll(async () => {
      bed = await createRecordsTestBed('demo');
    });

    afterAll(async () => {
      await bed?.stop();
    });

    it('loads the docs/product-decisions.md demo workspace on first start', async () => {
      const { rpc } = await bed.start();
      expect(await tableCounts(bed)).toEqual(FULL_DEMO);
      const page = await rpc.ok('records.record.list', { offset: 0, limit: 50 });
      expect(page.total).toBe(DEMO_RECORDS.length);
      expect(page.items.map((record) => record.id)).toEqual(['ent-001', 'ent-002', 'ent-003', 'ent-004']);
      const oxford = await rpc.ok('records.record.get', { id: 'ent-001' });
      expect(oxford).toMatchObject({
        schemaId: 'schema-apparel',
        lifecycleStateId: 'state-draft',
        createdBy: 'user-admin',
        updatedBy: 'user-admin',
        version: 1,
        parentId: null,
      });
      expect(oxford.values['product-name']).toContainEqual({ scope: {}, value: 'Classic Oxford Shirt' });
      expect(oxford.values.sku).toEqual([{ scope: {}, value: 'OXF-001' }]);
      expect(oxford.values['short-description']).toEqual([{ scope: {}, value: 'A classic shirt.' }]);
      const dimensions = await rpc.ok('records.dimension.list', {});
      expect(dimensions.map((d) => [d.id, d.segments.map((s) => s.id)])).toEqual([
        ['dim-language', ['seg-da', 'seg-de']],
        ['dim-market', ['seg-dk', 'seg-de']],
      ]);
      // Every demo record went through the same write path: one created event each.
      const events = await outboxRows(bed.pg);
      expect(events.map((row) => [row.type, row.aggregate_id])).toEqual(DEMO_RECORDS.map((record) => ['records.record.created', record.id]));
    });

    it('does not load it again when a second instance starts on the same database', async () => {
      const before = await bed.pg.query('SELECT id, version, updated_at FROM record ORDER BY id');
      const second = await bed.start();
      expect(await tableCounts(bed)).toEqual(FULL_DEMO);
      expect((await bed.pg.query('SELECT id, version, updated_at FROM record ORDER BY id')).rows).toEqual(before.rows);
      expect((await second.rpc.ok('records.record.list', { offset: 0, limit: 50 })).total).toBe(DEMO_RECORDS.length);
    });

    it('does not load it again after a restart, even when the demo records were changed or deleted', async () => {
      const [first] = bed.instances;
      await first.rpc.ok('records.record.delete', { id: 'ent-004' });
      await first.rpc.ok('records.record.update', { id: 'ent-002', values: { material: [{ scope: {}, value: 'Lambswool' }] } });
      await first.stop();
      const restarted = await bed.start();
      expect((await restarted.rpc.fail('records.record.get', { id: 'ent-004' })).code).toBe('not-found');
      const merino = await restarted.rpc.ok('records.record.get', { id: 'ent-002' });
      expect(merino.values.material).toEqual([{ scope: {}, value: 'Lambswool' }]);
      expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(DEMO_RECORDS.length - 1);
      expect(await count(bed.pg, 'SELECT 1 FROM app_user')).toBe(DEMO_USERS.length);
    });
  });

  it('loads it exactly once when two instances start together on an empty database', async () => {
    const bed = await newBed('demorace');
    try {
      await Promise.all([bed.start(), bed.start()]);
      expect(await tableCounts(bed)).toEqual(FULL_DEMO);
    } finally {
      await bed.stop();
    }
  });

  it('loads nothing with DEMO_DATA=false, and the empty service still answers', async () => {
    const bed = await newBed('nodemo');
    try {
      const { rpc } = await bed.start({ DEMO_DATA: 'false' });
      expect(await tableCounts(bed)).toEqual({ dimensions: 0, segments: 0, schemas: 0, attributes: 0, users: 0, records: 0, outbox: 0 });
      expect(await rpc.ok('records.record.list', { offset: 0, limit: 50 })).toEqual({ items: [], total: 0, offset: 0, limit: 50 });
      expect((await rpc.fail('records.record.get', { id: 'ent-001' })).code).toBe('not-found');
      const refused = await rpc.fail('records.record.create', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: 'CW-001' }] },
      });
      expect(refused).toMatchObject({ code: 'validation-failed', details: [{ field: 'schemaId', rule: 'exists' }] });
      expect(await count(bed.pg, 'SELECT 1 FROM outbox')).toBe(0);
    } finally {
      await bed.stop();
    }
  });
});
