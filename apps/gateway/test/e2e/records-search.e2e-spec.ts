import { startTestSystem, type TestSystem } from '@sigma/testing';

/** GET /records as a search through the gateway: the query string forms, their 400s, and keyset paging. */
jest.setTimeout(120000);

describe('records search (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'search' });
    for (let i = 0; i < 5; i++) {
      const created = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: `SRCH-${i}` }], price: [{ scope: { 'dim-market': 'seg-dk' }, value: 100 * i }], material: [{ scope: {}, value: 'Searchable' }] },
      });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  const get = (query: string) => system.api.as('viewer', 'GET', `/records?${query}`);
  const filters = (value: unknown) => `filters=${encodeURIComponent(JSON.stringify(value))}`;
  const skus = (body: { items: { values: { sku: { value: string }[] } }[] }) => body.items.map((item) => item.values.sku[0].value);

  it('finds a record by sku and by conditions on values per scope', async () => {
    const bySku = await get('sku=OXF-001');
    expect(bySku.status).toBe(200);
    expect(bySku.body).toMatchObject({ total: 1, items: [{ id: 'ent-001' }], nextCursor: null });
    const expensive = await get(filters([{ attribute: 'price', scope: { 'dim-market': 'seg-dk' }, operator: 'gte', value: 300 }, { attribute: 'material', operator: 'eq', value: 'Searchable' }]));
    expect(expensive.status).toBe(200);
    expect(skus(expensive.body).sort()).toEqual(['SRCH-3', 'SRCH-4']);
    expect(expensive.body.total).toBe(2);
  });

  it('pages by cursor in updatedAt order, newest first', async () => {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const response = await get(`${filters([{ attribute: 'material', operator: 'eq', value: 'Searchable' }])}&sort=-updatedAt&limit=2${next ? `&cursor=${next}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...skus(response.body));
      next = response.body.nextCursor;
    } while (next);
    expect(seen).toEqual(['SRCH-4', 'SRCH-3', 'SRCH-2', 'SRCH-1', 'SRCH-0']);
  });

  it('answers 400 naming the offending filter, and changes nothing', async () => {
    const notJson = await get('filters=%5Bnot-json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.details[0].field).toBe('filters');
    const badOperator = await get(filters([{ attribute: 'price', operator: 'like', value: 1 }]));
    expect(badOperator.status).toBe(400);
    expect(badOperator.body.details[0].field).toBe('filters[0].operator');
    const unknown = await get(filters([{ attribute: 'colour', operator: 'eq', value: 'red' }]));
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'filters[0].attribute', rule: 'unknown-attribute' })]);
    const extra = await get(filters([{ attribute: 'price', operator: 'eq', value: 1, hack: true }]));
    expect(extra.status).toBe(400);
    expect(extra.body.details[0].field).toBe('filters[0].hack');
    expect((await get('sort=price')).body.details[0].field).toBe('sort');
    expect((await get('updatedSince=yesterday')).body.details[0].field).toBe('updatedSince');
    expect((await get('cursor=abc')).body.details[0].field).toBe('cursor');
  });

  it('keeps the seed list as it was: schema filter, offset paging, exact total', async () => {
    const response = await get('schemaId=schema-apparel&limit=2&offset=1');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ offset: 1, limit: 2 });
    expect(response.body.items).toHaveLength(2);
    expect(response.body.nextCursor).toBeUndefined();
  });
});
