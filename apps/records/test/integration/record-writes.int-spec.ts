import type { RecordDto } from '@sigma/contracts';
import {
  ADMIN,
  apparel,
  count,
  createRecordsTestBed,
  EDITOR,
  outboxRows,
  type RecordsRpc,
  type RecordsTestBed,
} from './records-harness';

jest.setTimeout(90000);

const WIDE_ATTRIBUTES = Array.from({ length: 20 }, (_, index) => `attr-${String(index + 1).padStart(2, '0')}`);

describe('record writes (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;

  /** Everything a write may touch, to prove a rejected one touched nothing. */
  async function snapshot() {
    const [records, unique, outbox] = await Promise.all([
      bed.pg.query('SELECT id, version, "values", updated_at, updated_by FROM record ORDER BY id'),
      bed.pg.query('SELECT * FROM unique_value ORDER BY attribute_alias, scope_key, value_key'),
      bed.pg.query('SELECT position, id FROM outbox ORDER BY position'),
    ]);
    return { records: records.rows, unique: unique.rows, outbox: outbox.rows };
  }

  async function xminOfRecord(id: string): Promise<string> {
    const { rows } = await bed.pg.query<{ xmin: string }>('SELECT xmin::text AS xmin FROM record WHERE id = $1', [id]);
    return rows[0].xmin;
  }

  beforeAll(async () => {
    bed = await createRecordsTestBed('writes');
    ({ rpc } = await bed.start({ DB_POOL_SIZE: '12' }));
    // A schema with 20 global text attributes, for concurrent writers each touching its own attribute.
    await bed.pg.query(
      `INSERT INTO record_schema (id, name, initial_lifecycle_state_id) VALUES ('schema-wide', 'Wide', 'state-draft')`,
    );
    for (const [position, alias] of WIDE_ATTRIBUTES.entries()) {
      await bed.pg.query(
        `INSERT INTO attribute (schema_id, alias, name, data_type, dimension_ids, rules, position) VALUES ('schema-wide', $1, $1, 'text', '{}', '{}', $2)`,
        [alias, position],
      );
    }
  });

  afterAll(async () => {
    await bed?.stop();
  });

  describe('outbox', () => {
    let record: RecordDto;

    it('create writes the record and exactly one created event, in the same transaction', async () => {
      const before = await count(bed.pg, 'SELECT 1 FROM outbox');
      record = await rpc.ok(
        'records.record.create',
        {
          schemaId: 'schema-apparel',
          values: {
            'product-name': [
              { scope: {}, value: 'Coastal Windbreaker' },
              { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke' },
            ],
            sku: [{ scope: {}, value: 'CW-001' }],
            price: [{ scope: {}, value: 129.99 }],
          },
        },
        { actor: EDITOR, requestId: 'req-create-cw' },
      );
      expect(record).toMatchObject({ id: expect.stringMatching(/^ent-[0-9A-Za-z]{8,}$/), version: 1, createdBy: 'user-editor', updatedBy: 'user-editor' });
      expect(await count(bed.pg, 'SELECT 1 FROM outbox')).toBe(before + 1);
      const [event] = await outboxRows(bed.pg, record.id);
      expect(event.type).toBe('records.record.created');
      expect(event.envelope).toMatchObject({
        id: event.id,
        type: 'records.record.created',
        aggregateId: record.id,
        sequence: 1,
        userId: 'user-editor',
        requestId: 'req-create-cw',
        payload: {
          schemaId: 'schema-apparel',
          record,
          changes: [
            { attributeAlias: 'product-name', scope: {}, oldValue: null, newValue: 'Coastal Windbreaker' },
            { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, oldValue: null, newValue: 'Kyst Vindjakke' },
            { attributeAlias: 'sku', scope: {}, oldValue: null, newValue: 'CW-001' },
            { attributeAlias: 'price', scope: {}, oldValue: null, newValue: 129.99 },
          ],
        },
      });
      expect(event.envelope.id).toMatch(/^evt_[0-9A-Za-z]{16}$/);
      // Rows written by one transaction carry its transaction id.
      expect(event.xmin).toBe(await xminOfRecord(record.id));
    });

    it('PUT writes exactly one updated event listing only the changed scopes', async () => {
      const updated = await rpc.ok('records.record.update', {
        id: record.id,
        values: {
          price: [
            { scope: {}, value: 149.99 },
            { scope: { 'dim-market': 'seg-dk' }, value: 1099 },
          ],
          // Unchanged: no change entry for it.
          sku: [{ scope: {}, value: 'CW-001' }],
        },
      });
      expect(updated.version).toBe(2);
      expect(updated.values['product-name']).toEqual(record.values['product-name']);
      const events = await outboxRows(bed.pg, record.id);
      expect(events.map((row) => row.type)).toEqual(['records.record.created', 'records.record.updated']);
      expect(events[1].envelope).toMatchObject({
        sequence: 2,
        userId: 'user-admin',
        payload: {
          schemaId: 'schema-apparel',
          changes: [
            { attributeAlias: 'price', scope: {}, oldValue: 129.99, newValue: 149.99 },
            { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: null, newValue: 1099 },
          ],
        },
      });
      expect(events[1].xmin).toBe(await xminOfRecord(record.id));
    });

    it('a PUT that changes nothing writes no event and keeps version and updatedAt', async () => {
      const before = await rpc.ok('records.record.get', { id: record.id });
      const same = await rpc.ok('records.record.update', {
        id: record.id,
        values: { sku: [{ scope: {}, value: 'CW-001' }], price: before.values.price },
      });
      expect(same).toEqual(before);
      expect(await outboxRows(bed.pg, record.id)).toHaveLength(2);
    });

    it('PATCH writes exactly one updated event; null clears a scope', async () => {
      const patched = await rpc.ok('records.record.patch-attribute', {
        id: record.id,
        attributeAlias: 'product-name',
        scopedValues: [
          { scope: {}, value: 'Coastal Windbreaker Pro' },
          { scope: { 'dim-language': 'seg-da' }, value: null },
        ],
      });
      expect(patched.version).toBe(3);
      expect(patched.values['product-name']).toEqual([{ scope: {}, value: 'Coastal Windbreaker Pro' }]);
      expect(patched.values.price).toEqual([
        { scope: {}, value: 149.99 },
        { scope: { 'dim-market': 'seg-dk' }, value: 1099 },
      ]);
      const events = await outboxRows(bed.pg, record.id);
      expect(events).toHaveLength(3);
      expect(events[2].envelope).toMatchObject({
        type: 'records.record.updated',
        sequence: 3,
        payload: {
          changes: [
            { attributeAlias: 'product-name', scope: {}, oldValue: 'Coastal Windbreaker', newValue: 'Coastal Windbreaker Pro' },
            { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, oldValue: 'Kyst Vindjakke', newValue: null },
          ],
        },
      });
    });

    it('PATCH with an empty list removes the attribute, in one event', async () => {
      const patched = await rpc.ok('records.record.patch-attribute', { id: record.id, attributeAlias: 'price', scopedValues: [] });
      expect(patched.values).not.toHaveProperty('price');
      const events = await outboxRows(bed.pg, record.id);
      expect(events).toHaveLength(4);
      expect(events[3].envelope.payload.changes).toEqual([
        { attributeAlias: 'price', scope: {}, oldValue: 149.99, newValue: null },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: 1099, newValue: null },
      ]);
    });

    it('DELETE writes exactly one deleted event with every value going to null', async () => {
      const current = await rpc.ok('records.record.get', { id: record.id });
      expect(await rpc.ok('records.record.delete', { id: record.id }, { actor: EDITOR })).toEqual({ deleted: [record.id] });
      const events = await outboxRows(bed.pg, record.id);
      expect(events.map((row) => row.type)).toEqual([
        'records.record.created',
        'records.record.updated',
        'records.record.updated',
        'records.record.updated',
        'records.record.deleted',
      ]);
      expect(events.map((row) => row.envelope.sequence)).toEqual([1, 2, 3, 4, 5]);
      expect(events[4].envelope).toMatchObject({ userId: 'user-editor', payload: { schemaId: 'schema-apparel' } });
      const expected = Object.entries(current.values).flatMap(([alias, list]) =>
        list.map((entry) => ({ attributeAlias: alias, scope: entry.scope, oldValue: entry.value, newValue: null })),
      );
      expect(events[4].envelope.payload.changes).toEqual(expected);
      expect(await count(bed.pg, 'SELECT 1 FROM record WHERE id = $1', [record.id])).toBe(0);
    });
  });

  describe('a rejected write changes nothing', () => {
    it('create with invalid values: no record, no unique row, no event', async () => {
      const before = await snapshot();
      const error = await rpc.fail('records.record.create', {
        schemaId: 'schema-apparel',
        values: {
          sku: [{ scope: {}, value: 'NEW-001' }],
          price: [{ scope: { 'dim-market': 'seg-dk' }, value: -5 }],
        },
      });
      expect(error).toMatchObject({
        code: 'validation-failed',
        details: [{ field: 'values.price[0].value', rule: 'min', attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' } }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('update with one invalid attribute among valid ones: the record keeps every value', async () => {
      const before = await snapshot();
      const error = await rpc.fail('records.record.update', {
        id: 'ent-001',
        values: {
          material: [{ scope: {}, value: 'Linen' }],
          'product-name': [{ scope: { 'dim-market': 'seg-dk' }, value: 'Oxford' }],
        },
      });
      expect(error).toMatchObject({ code: 'validation-failed', details: [{ rule: 'scope-dimension', attributeAlias: 'product-name' }] });
      expect(await snapshot()).toEqual(before);
    });

    it('update that clashes on a unique value after the row was written: rolled back whole', async () => {
      const before = await snapshot();
      const error = await rpc.fail('records.record.update', {
        id: 'ent-002',
        values: { material: [{ scope: {}, value: 'Cashmere' }], sku: [{ scope: {}, value: 'OXF-001' }] },
      });
      expect(error).toEqual({
        code: 'validation-failed',
        message: expect.stringContaining('ent-001'),
        details: [{ field: 'values.sku', rule: 'unique', message: expect.stringContaining('ent-001'), attributeAlias: 'sku', scope: {} }],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('patch of an attribute not in the schema: not-found, nothing written', async () => {
      const before = await snapshot();
      const error = await rpc.fail('records.record.patch-attribute', {
        id: 'ent-001',
        attributeAlias: 'colour',
        scopedValues: [{ scope: {}, value: 'navy' }],
      });
      expect(error).toMatchObject({ code: 'not-found', details: { attributeAlias: 'colour' } });
      expect(await snapshot()).toEqual(before);
    });

    it.each([
      ['update', 'records.record.update', { id: 'ent-missing', values: {} }],
      ['patch', 'records.record.patch-attribute', { id: 'ent-missing', attributeAlias: 'sku', scopedValues: [] }],
      ['delete', 'records.record.delete', { id: 'ent-missing' }],
      ['get', 'records.record.get', { id: 'ent-missing' }],
    ] as const)('%s of an unknown record: not-found naming it, nothing written', async (_, subject, data) => {
      const before = await snapshot();
      const error = await rpc.fail(subject, data as never);
      expect(error).toEqual({ code: 'not-found', message: "Record 'ent-missing' not found", details: { recordId: 'ent-missing' } });
      expect(await snapshot()).toEqual(before);
    });

    it('create with an unknown parent or a parent of another schema: validation-failed, nothing written', async () => {
      const before = await snapshot();
      expect(await rpc.fail('records.record.create', apparel('ORPHAN-1', 'Orphan', 'ent-missing'))).toMatchObject({
        code: 'validation-failed',
        details: [{ field: 'parentId', rule: 'exists' }],
      });
      expect(
        await rpc.fail('records.record.create', { schemaId: 'schema-wide', values: { 'attr-01': [{ scope: {}, value: 'x' }] }, parentId: 'ent-001' }),
      ).toMatchObject({ code: 'validation-failed', details: [{ field: 'parentId', rule: 'same-schema' }] });
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('unique sku under concurrency', () => {
    it('10 parallel creates with the same sku: exactly one succeeds, the others fail with rule unique', async () => {
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, index) => rpc.call('records.record.create', apparel('RACE-001', `Racer ${index}`))),
      );
      const winners = replies.filter((reply) => reply.ok);
      const losers = replies.filter((reply) => !reply.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(9);
      const winner = winners[0].ok ? winners[0].data : undefined;
      for (const loser of losers) {
        expect(loser).toEqual({
          ok: false,
          error: {
            code: 'validation-failed',
            message: expect.any(String),
            details: [
              { field: 'values.sku', rule: 'unique', message: expect.stringContaining(winner!.id), attributeAlias: 'sku', scope: {} },
            ],
          },
        });
      }
      const holders = await bed.pg.query(`SELECT id FROM record WHERE "values" -> 'sku' -> 0 ->> 'value' = 'RACE-001'`);
      expect(holders.rows).toEqual([{ id: winner!.id }]);
      expect(await count(bed.pg, `SELECT 1 FROM unique_value WHERE attribute_alias = 'sku' AND value_key = '"RACE-001"'`)).toBe(1);
      expect(await count(bed.pg, `SELECT 1 FROM outbox WHERE envelope -> 'payload' -> 'record' -> 'values' -> 'sku' -> 0 ->> 'value' = 'RACE-001'`)).toBe(1);
    });

    it('10 parallel PUTs moving different records to the same sku: exactly one succeeds', async () => {
      const records = await Promise.all(Array.from({ length: 10 }, (_, index) => rpc.ok('records.record.create', apparel(`MOVE-${index}`))));
      const replies = await Promise.all(
        records.map((record) => rpc.call('records.record.update', { id: record.id, values: { sku: [{ scope: {}, value: 'MOVED-001' }] } })),
      );
      expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
      for (const reply of replies.filter((r) => !r.ok)) {
        expect(reply).toMatchObject({ ok: false, error: { code: 'validation-failed', details: [{ rule: 'unique', attributeAlias: 'sku' }] } });
      }
      // The losers keep their own sku, still reserved for them.
      const rows = await bed.pg.query<{ sku: string }>(
        `SELECT "values" -> 'sku' -> 0 ->> 'value' AS sku FROM record WHERE id = ANY($1) ORDER BY 1`,
        [records.map((record) => record.id)],
      );
      expect(rows.rows.filter((row) => row.sku === 'MOVED-001')).toHaveLength(1);
      expect(rows.rows.filter((row) => row.sku.startsWith('MOVE-'))).toHaveLength(9);
      expect(await count(bed.pg, `SELECT 1 FROM unique_value WHERE value_key LIKE '"MOVE%'`)).toBe(10);
    });

    it('changing a sku frees the old one', async () => {
      const record = await rpc.ok('records.record.create', apparel('FREE-001'));
      await rpc.ok('records.record.update', { id: record.id, values: { sku: [{ scope: {}, value: 'FREE-002' }] } });
      const reuse = await rpc.ok('records.record.create', apparel('FREE-001'));
      expect(reuse.values.sku).toEqual([{ scope: {}, value: 'FREE-001' }]);
      expect((await rpc.fail('records.record.create', apparel('FREE-002'))).details).toEqual([
        expect.objectContaining({ rule: 'unique', message: expect.stringContaining(record.id) }),
      ]);
    });
  });

  it('20 concurrent PUTs on one record, each changing a different attribute, lose no update', async () => {
    const record = await rpc.ok('records.record.create', { schemaId: 'schema-wide', values: {} });
    const replies = await Promise.all(
      WIDE_ATTRIBUTES.map((alias, index) =>
        rpc.ok('records.record.update', { id: record.id, values: { [alias]: [{ scope: {}, value: `value ${index + 1}` }] } }, { actor: index % 2 ? EDITOR : ADMIN }),
      ),
    );
    expect(replies.map((reply) => reply.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 2));
    const final = await rpc.ok('records.record.get', { id: record.id });
    expect(final.version).toBe(21);
    expect(final.values).toEqual(Object.fromEntries(WIDE_ATTRIBUTES.map((alias, index) => [alias, [{ scope: {}, value: `value ${index + 1}` }]])));
    const events = await outboxRows(bed.pg, record.id);
    expect(events.map((row) => row.envelope.sequence)).toEqual(Array.from({ length: 21 }, (_, index) => index + 1));
    expect(events.slice(1).map((row) => row.envelope.payload.changes.map((change) => change.attributeAlias)).flat().sort()).toEqual(WIDE_ATTRIBUTES);
  });
});
