import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

describe('variants (e2e)', () => {
  let system: TestSystem;
  let parent: string;
  let variant: string;
  let subVariant: string;

  const da = { 'dim-language': 'seg-da' };
  const de = { 'dim-language': 'seg-de' };
  const dk = { 'dim-market': 'seg-dk' };

  const create = async (values: Record<string, unknown>, parentId?: string) => {
    const response = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values, ...(parentId && { parentId }) });
    expect(response.status).toBe(201);
    return response.body;
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
    const response = await system.api.as('viewer', 'GET', `/records/${parent}/variants`);
    expect(response.status).toBe(200);
    expect(response.body.map((record: { id: string }) => record.id)).toEqual([variant, second.id]);
    expect(response.body[0]).toMatchObject({ id: variant, parentId: parent, schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' });
    expect((await system.api.as('viewer', 'GET', `/records/${variant}/variants`)).body.map((r: { id: string }) => r.id)).toEqual([subVariant]);
    expect((await system.api.as('agent', 'GET', '/records/ent-001/variants')).body).toEqual([]);
    expect((await system.api.as('viewer', 'GET', '/records/ent-nope/variants')).status).toBe(404);
    expect((await system.api.as('editor', 'DELETE', `/records/${second.id}`)).status).toBe(204);
  });

  it('GET /records/:id shows a variant\'s own values only', async () => {
    const response = await system.api.as('viewer', 'GET', `/records/${variant}`);
    expect(response.body.values).toEqual({
      sku: [{ scope: {}, value: 'SP-100-NAVY' }],
      'product-name': [{ scope: da, value: 'Stormparka, navy' }],
      price: [{ scope: dk, value: 1799 }],
    });
  });

  it('?resolved=true merges the parent\'s values per attribute and scope, own values winning, unique sku never inherited', async () => {
    const response = await system.api.as('viewer', 'GET', `/records/${variant}?resolved=true`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: variant, parentId: parent, version: 1 });
    expect(response.body.values).toEqual({
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
    const values = (await system.api.as('viewer', 'GET', `/records/${subVariant}?resolved=true`)).body.values;
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
    await system.api.as('editor', 'PATCH', `/records/${parent}/values/material`, { scopedValues: [{ scope: {}, value: 'Organic cotton' }] });
    const resolved = await system.api.as('viewer', 'GET', `/records/${variant}?resolved=true`);
    expect(resolved.body.values.material).toEqual([{ scope: {}, value: 'Organic cotton', inherited: true, inheritedFrom: parent }]);
    const list = await system.api.as('viewer', 'GET', `/records/${parent}/variants?resolved=true`);
    expect(list.body[0].values.material).toEqual([{ scope: {}, value: 'Organic cotton', inherited: true, inheritedFrom: parent }]);
    const plain = await system.api.as('viewer', 'GET', `/records/${parent}/variants`);
    expect(plain.body[0].values.material).toBeUndefined();
  });

  it('reads a record without a parent the same either way; 400 for a bad resolved flag', async () => {
    const stored = await system.api.as('viewer', 'GET', '/records/ent-001');
    expect((await system.api.as('viewer', 'GET', '/records/ent-001?resolved=true')).body).toEqual(stored.body);
    expect((await system.api.as('viewer', 'GET', '/records/ent-001?resolved=false')).body).toEqual(stored.body);
    const bad = await system.api.as('viewer', 'GET', '/records/ent-001?resolved=yes');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('resolved');
    expect((await system.api.as('viewer', 'GET', '/records/ent-nope?resolved=true')).status).toBe(404);
  });

  it('refuses a variant of an unknown record with 400, creating nothing', async () => {
    const before = (await system.api.as('viewer', 'GET', '/records?limit=1')).body.total;
    const response = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: {}, parentId: 'ent-nope' });
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ field: 'parentId', rule: 'exists' });
    expect((await system.api.as('viewer', 'GET', '/records?limit=1')).body.total).toBe(before);
  });

  it('DELETE of a parent deletes all its variants in one go, each deletion audited, and their assignments', async () => {
    await system.api.as('editor', 'POST', `/records/${subVariant}/categories`, { categoryId: 'cat-outerwear' });
    const before = (await system.api.as('viewer', 'GET', '/records?limit=1')).body.total;
    expect((await system.api.as('editor', 'DELETE', `/records/${parent}`)).status).toBe(204);
    for (const id of [parent, variant, subVariant]) expect((await system.api.as('viewer', 'GET', `/records/${id}`)).status).toBe(404);
    expect((await system.api.as('viewer', 'GET', '/records?limit=1')).body.total).toBe(before - 3);
    const inCategory = (await system.api.as('viewer', 'GET', '/records?categoryId=cat-outerwear&limit=500')).body.items.map((r: { id: string }) => r.id);
    expect(inCategory).not.toContain(subVariant);
    const timestamps = new Set<string>();
    for (const [id, sku] of [
      [parent, 'SP-100'],
      [variant, 'SP-100-NAVY'],
      [subVariant, 'SP-100-NAVY-XL'],
    ]) {
      const audit = await eventually(async () => {
        const response = await system.api.as('viewer', 'GET', `/records/${id}/audit?order=desc`);
        expect(response.body[0]?.action).toBe('delete');
        return response.body;
      });
      expect(audit[0]).toMatchObject({ entityId: id, userId: 'user-editor', action: 'delete' });
      expect(audit[0].changes).toContainEqual({ attributeAlias: 'sku', scope: {}, oldValue: sku, newValue: null });
      timestamps.add(audit[0].timestamp);
    }
    // One transaction: the three deletions share one moment.
    expect(timestamps.size).toBe(1);
  });
});
