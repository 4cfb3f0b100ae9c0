import type { AttributeCondition, RecordPage } from '@sigma/contracts';
import { createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

/** Search on real PostgreSQL: every operator, exact scopes, sku, updatedSince, sorts and keyset paging. */
describe('record search (records service, real PG)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;
  const dk = { 'dim-market': 'seg-dk' };
  const da = { 'dim-language': 'seg-da' };
  const ids: Record<string, string> = {};

  const search = (query: Partial<Parameters<RecordsRpc['ok']>[1]> & { filters?: AttributeCondition[] }) =>
    rpc.ok('records.record.list', { schemaId: 'schema-apparel', offset: 0, limit: 50, ...query } as never) as Promise<RecordPage>;
  const skus = (page: RecordPage) => page.items.map((item) => item.values.sku?.[0]?.value).sort();
  /** Among this file's three records only (the demo records share the schema). */
  const where = (...filters: AttributeCondition[]) =>
    search({ filters: [...filters, { attribute: 'sku', operator: 'in', value: ['S-1', 'S-2', 'S-3'] }] }).then(skus);

  beforeAll(async () => {
    bed = await createRecordsTestBed('search');
    ({ rpc } = await bed.start());
    const make = async (sku: string, values: Record<string, { scope: Record<string, string>; value: unknown }[]>) => {
      const created = await rpc.ok('records.record.create', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }], ...values } });
      ids[sku] = created.id;
    };
    await make('S-1', { price: [{ scope: dk, value: 100 }], 'garment-type': [{ scope: {}, value: 'shirt' }], 'product-name': [{ scope: da, value: 'Blå skjorte' }] });
    await make('S-2', { price: [{ scope: dk, value: 250 }, { scope: {}, value: 40 }], 'garment-type': [{ scope: {}, value: 'jacket' }], material: [{ scope: {}, value: '' }] });
    await make('S-3', { price: [{ scope: {}, value: 100 }], 'garment-type': [{ scope: {}, value: 'shirt' }], material: [{ scope: {}, value: 'Wool' }] });
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('eq matches the exact scope only', async () => {
    expect(await where({ attribute: 'price', scope: dk, operator: 'eq', value: 100 })).toEqual(['S-1']);
    expect(await where({ attribute: 'price', operator: 'eq', value: 100 })).toEqual(['S-3']);
    expect(await where({ attribute: 'garment-type', operator: 'eq', value: 'shirt' })).toEqual(['S-1', 'S-3']);
  });

  it('in, contains (case-insensitive, wildcards literal), empty and notEmpty', async () => {
    expect(await where({ attribute: 'garment-type', operator: 'in', value: ['jacket', 'trousers'] })).toEqual(['S-2']);
    expect(await where({ attribute: 'product-name', scope: da, operator: 'contains', value: 'SKJORTE' })).toEqual(['S-1']);
    expect(await where({ attribute: 'product-name', scope: da, operator: 'contains', value: '%' })).toEqual([]);
    expect(await where({ attribute: 'material', operator: 'empty' })).toEqual(['S-1', 'S-2']);
    expect(await where({ attribute: 'material', operator: 'notEmpty' })).toEqual(['S-3']);
  });

  it('gt/gte/lt/lte compare numbers in their scope; conditions combine with AND', async () => {
    expect(await where({ attribute: 'price', scope: dk, operator: 'gt', value: 100 })).toEqual(['S-2']);
    expect(await where({ attribute: 'price', scope: dk, operator: 'gte', value: 100 })).toEqual(['S-1', 'S-2']);
    expect(await where({ attribute: 'price', scope: dk, operator: 'lt', value: 100 })).toEqual([]);
    expect(
      await where({ attribute: 'price', scope: dk, operator: 'lte', value: 300 }, { attribute: 'garment-type', operator: 'eq', value: 'shirt' }),
    ).toEqual(['S-1']);
  });

  it('sku finds one record; updatedSince keeps what was written since', async () => {
    expect(skus(await search({ sku: 'S-2' }))).toEqual(['S-2']);
    const before = new Date().toISOString();
    await rpc.ok('records.record.patch-attribute', { id: ids['S-1'], attributeAlias: 'material', scopedValues: [{ scope: {}, value: 'Linen' }] });
    expect(skus(await search({ updatedSince: before }))).toEqual(['S-1']);
  });

  it('answers 400 naming the condition for an unknown attribute, a wrong type or a foreign scope', async () => {
    const error = await rpc.fail('records.record.list', {
      schemaId: 'schema-apparel',
      offset: 0,
      limit: 50,
      filters: [
        { attribute: 'price', operator: 'eq', value: 'cheap' },
        { attribute: 'colour', operator: 'eq', value: 'red' },
        { attribute: 'material', scope: da, operator: 'eq', value: 'x' },
      ],
    });
    expect(error.code).toBe('validation-failed');
    expect((error.details as { field: string }[]).map((issue) => issue.field)).toEqual(['filters[0].value', 'filters[1].attribute', 'filters[2].scope']);
  });

  it('pages with a cursor in either direction without gaps or repeats, and totals the whole match', async () => {
    for (let i = 0; i < 7; i++) await rpc.ok('records.record.create', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: `PAGE-${i}` }], material: [{ scope: {}, value: 'Paged' }] } });
    for (const sort of ['createdAt', '-createdAt', 'updatedAt', '-updatedAt'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await search({ filters: [{ attribute: 'material', operator: 'eq', value: 'Paged' }], sort, limit: 3, ...(cursor && { cursor }) });
        expect(page.total).toBe(7);
        seen.push(...page.items.map((item) => item.values.sku[0].value as string));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const expected = Array.from({ length: 7 }, (_, i) => `PAGE-${i}`);
      expect(seen).toEqual(sort.startsWith('-') ? expected.reverse() : expected);
    }
  });

  it('pages a match past the total cap (walking the sort order) the same way as a narrow one (sorting the matches)', async () => {
    // 10,050 records written straight into the table: past the cap, the page walks the creation-time index.
    await bed.pg.query(
      `INSERT INTO records.record (id, schema_id, lifecycle_state_id, version, "values", created_at, updated_at, created_by, updated_by)
       SELECT 'ent-wide-' || lpad(i::text, 5, '0'), 'schema-apparel', 'state-draft', 1,
              jsonb_build_object('material', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'Wide')),
                                 'garment-type', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', CASE WHEN i % 1000 = 0 THEN 'dress' ELSE 'shirt' END))),
              now() - interval '1 day' + i * interval '1 millisecond', now(), 'user-admin', 'user-admin'
       FROM generate_series(1, 10050) AS i`,
    );
    const wide = { attribute: 'material', operator: 'eq', value: 'Wide' } as const;
    const first = await search({ filters: [wide], limit: 4 });
    expect(first).toMatchObject({ total: 10_000, totalIsLowerBound: true });
    const second = await search({ filters: [wide], limit: 4, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(Array.from({ length: 8 }, (_, i) => `ent-wide-${String(i + 1).padStart(5, '0')}`));
    const narrow = await search({ filters: [wide, { attribute: 'garment-type', operator: 'eq', value: 'dress' }], sort: '-createdAt', limit: 4 });
    expect(narrow.total).toBe(10);
    expect(narrow.totalIsLowerBound).toBeUndefined();
    expect(narrow.items.map((item) => item.id)).toEqual(['ent-wide-10000', 'ent-wide-09000', 'ent-wide-08000', 'ent-wide-07000']);
    const rest = await search({ filters: [wide, { attribute: 'garment-type', operator: 'eq', value: 'dress' }], sort: '-createdAt', limit: 4, cursor: narrow.nextCursor! });
    expect(rest.items.map((item) => item.id)).toEqual(['ent-wide-06000', 'ent-wide-05000', 'ent-wide-04000', 'ent-wide-03000']);
  });
});
