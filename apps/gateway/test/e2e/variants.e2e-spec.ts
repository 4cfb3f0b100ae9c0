import type { Schemas } from '@sigma/sdk';
import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

/** Through the typed SDK client (libs/sdk): paths, bodies and answers are checked by the compiler. */
describe('variants (e2e)', () => {
  let system: TestSystem;
  let parent: string;
  let variant: string;
  let subVariant: string;

  const da = { 'dim-language': 'seg-da' };
  const de = { 'dim-language': 'seg-de' };
  const dk = { 'dim-market': 'seg-dk' };

  const viewer = () => system.api.sdk('viewer');
  const editor = () => system.api.sdk('editor');
  const path = (id: string) => ({ params: { path: { id } } });
  const read = (id: string, resolved?: boolean) => viewer().GET('/records/{id}', { params: { path: { id }, query: { resolved } } });
  const variantsOf = (id: string, resolved?: boolean) => viewer().GET('/records/{id}/variants', { params: { path: { id }, query: { resolved } } });
  const total = async () => (await viewer().GET('/records', { params: { query: { limit: 1 } } })).data!.total;

  const create = async (values: Schemas['ValuesMap'], parentId?: string) => {
    const { data, response } = await editor().POST('/records', { body: { schemaId: 'schema-apparel', values, ...(parentId && { parentId }) } });
    expect(response.status).toBe(201);
    return data!;
  };

  beforeAll(async () => {
    system = await startTestSystem({ label: 'variants' });
    parent = (
      await create({
        'product-name': [
          { scope: {}, value: 'Storm Parka' },
          { scope: da, value: 'Stormparka' },
          { scope: de, value: 'Sturmparka' },
        ],
        sku: [{ scope: {}, value: 'SP-100' }],
        price: [{ scope: {}, value: 249 }, { scope: dk, value: 1899 }],
        material: [{ scope: {}, value: 'Recycled polyester' }],
        'garment-type': [{ scope: {}, value: 'jacket' }],
      })
    ).id;
    const created = await create({ sku: [{ scope: {}, value: 'SP-100-NAVY' }], 'product-name': [{ scope: da, value: 'Stormparka, navy' }], price: [{ scope: dk, value: 1799 }] }, parent);
    expect(created.parentId).toBe(parent);
    variant = created.id;
    subVariant = (await create({ sku: [{ scope: {}, value: 'SP-100-NAVY-XL' }], material: [{ scope: {}, value: 'Recycled polyester, XL lining' }] }, variant)).id;
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  it('GET /records/:id/variants lists the direct variants, oldest first; [] without variants; 404 for an unknown record', async () => {
    const second = await create({ sku: [{ scope: {}, value: 'SP-100-RED' }] }, parent);
    const { data, response } = await variantsOf(parent);
    expect(response.status).toBe(200);
    expect(data!.map((record) => record.id)).toEqual([variant, second.id]);
    expect(data![0]).toMatchObject({ id: variant, parentId: parent, schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' });
    expect((await variantsOf(variant)).data!.map((record) => record.id)).toEqual([subVariant]);
    expect((await system.api.sdk('agent').GET('/records/{id}/variants', path('ent-001'))).data).toEqual([]);
    expect((await variantsOf('ent-nope')).response.status).toBe(404);
    expect((await editor().DELETE('/records/{id}', path(second.id))).response.status).toBe(204);
  });

  it('GET /records/:id shows a variant\'s own values only', async () => {
    expect((await read(variant)).data!.values).toEqual({
      sku: [{ scope: {}, value: 'SP-100-NAVY' }],
      'product-name': [{ scope: da, value: 'Stormparka, navy' }],
      price: [{ scope: dk, value: 1799 }],
    });
  });

  it('?resolved=true merges the parent\'s values per attribute and scope, own values winning, unique sku never inherited', async () => {
    const { data, response } = await read(variant, true);
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: variant, parentId: parent, version: 1 });
    expect(data!.values).toEqual({
      sku: [{ scope: {}, value: 'SP-100-NAVY' }],
      'product-name': [
        { scope: da, value: 'Stormparka, navy' },
        { scope: {}, value: 'Storm Parka', inherited: true, inheritedFrom: parent },
        { scope: de, value: 'Sturmparka', inherited: true, inheritedFrom: parent },
      ],
      price: [
        { scope: dk, value: 1799 },
        { scope: {}, value: 249, inherited: true, inheritedFrom: parent },
      ],
      material: [{ scope: {}, value: 'Recycled polyester', inherited: true, inheritedFrom: parent }],
      'garment-type': [{ scope: {}, value: 'jacket', inherited: true, inheritedFrom: parent }],
    });
  });

  it('inherits along the chain, the nearest ancestor first', async () => {
    const values = (await read(subVariant, true)).data!.values;
    expect(values.sku).toEqual([{ scope: {}, value: 'SP-100-NAVY-XL' }]);
    expect(values.material).toEqual([{ scope: {}, value: 'Recycled polyester, XL lining' }]);
    expect(values.price).toEqual([
      { scope: dk, value: 1799, inherited: true, inheritedFrom: variant },
      { scope: {}, value: 249, inherited: true, inheritedFrom: parent },
    ]);
    expect(values['product-name']).toContainEqual({ scope: da, value: 'Stormparka, navy', inherited: true, inheritedFrom: variant });
    expect(values['product-name']).toContainEqual({ scope: de, value: 'Sturmparka', inherited: true, inheritedFrom: parent });
  });

  it('shows a change of the parent in the variant at once, and the variants list can resolve too', async () => {
    await editor().PATCH('/records/{id}/values/{attr}', {
      params: { path: { id: parent, attr: 'material' } },
      body: { scopedValues: [{ scope: {}, value: 'Organic cotton' }] },
    });
    expect((await read(variant, true)).data!.values.material).toEqual([{ scope: {}, value: 'Organic cotton', inherited: true, inheritedFrom: parent }]);
    expect((await variantsOf(parent, true)).data![0].values.material).toEqual([{ scope: {}, value: 'Organic cotton', inherited: true, inheritedFrom: parent }]);
    expect((await variantsOf(parent)).data![0].values.material).toBeUndefined();
  });

  it('reads a record without a parent the same either way; 400 for a bad resolved flag', async () => {
    const stored = (await read('ent-001')).data;
    expect((await read('ent-001', true)).data).toEqual(stored);
    expect((await read('ent-001', false)).data).toEqual(stored);
    // Outside what the types allow: the raw client sends what the SDK would refuse to compile.
    const bad = await system.api.as('viewer', 'GET', '/records/ent-001?resolved=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('resolved');
    expect((await read('ent-nope', true)).response.status).toBe(404);
  });

  it('refuses a variant of an unknown record with 400, creating nothing', async () => {
    const before = await total();
    const { error, response } = await editor().POST('/records', { body: { schemaId: 'schema-apparel', values: {}, parentId: 'ent-nope' } });
    expect(response.status).toBe(400);
    expect(error?.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'parentId', rule: 'exists' })]));
    expect(await total()).toBe(before);
  });

  it('DELETE of a parent deletes all its variants in one go, each deletion audited, and their assignments', async () => {
    await editor().POST('/records/{id}/categories', { ...path(subVariant), body: { categoryId: 'cat-outerwear' } });
    const before = await total();
    expect((await editor().DELETE('/records/{id}', path(parent))).response.status).toBe(204);
    for (const id of [parent, variant, subVariant]) expect((await read(id)).response.status).toBe(404);
    expect(await total()).toBe(before - 3);
    const inCategory = (await viewer().GET('/records', { params: { query: { categoryId: 'cat-outerwear', limit: 500 } } })).data!.items.map((r) => r.id);
    expect(inCategory).not.toContain(subVariant);
    const timestamps = new Set<string>();
    for (const [id, sku] of [
      [parent, 'SP-100'],
      [variant, 'SP-100-NAVY'],
      [subVariant, 'SP-100-NAVY-XL'],
    ]) {
      const audit = await eventually(async () => {
        const { data } = await viewer().GET('/records/{id}/audit', { params: { path: { id }, query: { order: 'desc' } } });
        expect(data![0]?.action).toBe('delete');
        return data!;
      });
      expect(audit[0]).toMatchObject({ entityId: id, userId: 'user-editor', action: 'delete' });
      expect(audit[0].changes).toContainEqual({ attributeAlias: 'sku', scope: {}, oldValue: sku, newValue: null });
      timestamps.add(audit[0].timestamp);
    }
    // One transaction: the three deletions share one moment.
    expect(timestamps.size).toBe(1);
  });
});
