import { startTestSystem, type TestSystem } from '@sigma/testing';

/** Listing, paging and filtering records; and every way a record request can be refused, changing nothing. */
jest.setTimeout(60000);

const DEMO_IDS = ['ent-001', 'ent-002', 'ent-003', 'ent-004'];

describe('records API: lists and refusals (e2e)', () => {
  let system: TestSystem;
  const admin = (method: string, path: string, body?: unknown) => system.api.as('admin', method, path, body);

  /** Everything a refused write could have touched: the full list, values, versions and timestamps included. */
  const everything = async () => (await admin('GET', '/records?limit=500')).body;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'recordsval' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('pagination', () => {
    it('defaults to offset 0 and limit 50, in creation order', async () => {
      const response = await admin('GET', '/records');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 4, offset: 0, limit: 50 });
      expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(DEMO_IDS);
    });

    it('pages with offset and limit, total staying the full count', async () => {
      const pages = [];
      for (const offset of [0, 2, 4]) {
        const response = await admin('GET', `/records?offset=${offset}&limit=2`);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ total: 4, offset, limit: 2 });
        pages.push(response.body.items.map((item: { id: string }) => item.id));
      }
      expect(pages).toEqual([['ent-001', 'ent-002'], ['ent-003', 'ent-004'], []]);
      expect((await admin('GET', '/records?offset=3&limit=500')).body).toMatchObject({ items: [{ id: 'ent-004' }], total: 4, offset: 3, limit: 500 });
      expect((await admin('GET', '/records?offset=1000')).body).toEqual({ items: [], total: 4, offset: 1000, limit: 50 });
    });

    it.each([
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=abc', 'offset'],
      ['sort=name', 'sort'],
      ['schemaId=schema-apparel&page=2', 'page'],
    ])('?%s is a 400 naming %s', async (query, field) => {
      const response = await admin('GET', `/records?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation-failed' });
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('names an unknown query parameter as such', async () => {
      const response = await admin('GET', '/records?foo=bar');
      expect(response.body.details).toEqual([{ field: 'foo', rule: 'unknown-property', message: 'property foo is not allowed' }]);
    });

    it('accepts the largest page, limit=500', async () => {
      expect(await admin('GET', '/records?limit=500')).toMatchObject({ status: 200, body: { limit: 500, total: 4 } });
    });
  });

  describe('filters', () => {
    it('schemaId filters by schema; an unknown schema gives an empty page, not an error', async () => {
      expect((await admin('GET', '/records?schemaId=schema-apparel')).body.total).toBe(4);
      expect((await admin('GET', '/records?schemaId=schema-unknown')).body).toEqual({ items: [], total: 0, offset: 0, limit: 50 });
    });

    it('lifecycleStateId filters by state, alone and together with schemaId and paging', async () => {
      const moved = await admin('POST', '/records/ent-003/transition', { transitionId: 'trans-draft-to-review' });
      expect(moved).toMatchObject({ status: 200, body: { id: 'ent-003', lifecycleStateId: 'state-review' } });

      const review = await admin('GET', '/records?lifecycleStateId=state-review');
      expect(review.body).toMatchObject({ total: 1, items: [{ id: 'ent-003', lifecycleStateId: 'state-review' }] });
      const draft = await admin('GET', '/records?schemaId=schema-apparel&lifecycleStateId=state-draft');
      expect(draft.body.total).toBe(3);
      expect(draft.body.items.map((item: { id: string }) => item.id)).toEqual(['ent-001', 'ent-002', 'ent-004']);
      expect(draft.body.items.every((item: { lifecycleStateId: string }) => item.lifecycleStateId === 'state-draft')).toBe(true);
      expect((await admin('GET', '/records?lifecycleStateId=state-draft&offset=1&limit=1')).body).toMatchObject({
        items: [{ id: 'ent-002' }],
        total: 3,
        offset: 1,
        limit: 1,
      });
      expect((await admin('GET', '/records?lifecycleStateId=state-published')).body).toMatchObject({ items: [], total: 0 });
      expect((await admin('GET', '/records?schemaId=schema-unknown&lifecycleStateId=state-review')).body.total).toBe(0);
    });
  });

  describe('invalid input is a 400 naming attribute, scope and rule, and changes nothing', () => {
    const create = (values: Record<string, unknown>) => admin('POST', '/records', { schemaId: 'schema-apparel', values });

    it.each([
      [
        'a negative price in the Danish market',
        { sku: [{ scope: {}, value: 'BAD-001' }], price: [{ scope: {}, value: 10 }, { scope: { 'dim-market': 'seg-dk' }, value: -5 }] },
        { field: 'values.price[1].value', rule: 'min', attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' } },
      ],
      [
        'a product name scoped by market',
        { 'product-name': [{ scope: { 'dim-market': 'seg-dk' }, value: 'Vindjakke' }] },
        { field: 'values.product-name[0].scope', rule: 'scope-dimension', attributeAlias: 'product-name', scope: { 'dim-market': 'seg-dk' } },
      ],
      [
        'a language segment that belongs to the market dimension',
        { 'product-name': [{ scope: { 'dim-language': 'seg-dk' }, value: 'Vindjakke' }] },
        { field: 'values.product-name[0].scope', rule: 'scope-segment', attributeAlias: 'product-name', scope: { 'dim-language': 'seg-dk' } },
      ],
      [
        'a scoped sku (sku is global only)',
        { sku: [{ scope: { 'dim-language': 'seg-da' }, value: 'BAD-002' }] },
        { field: 'values.sku[0].scope', rule: 'scope-dimension', attributeAlias: 'sku', scope: { 'dim-language': 'seg-da' } },
      ],
      [
        'a lower-case sku',
        { sku: [{ scope: {}, value: 'bad-003' }] },
        { field: 'values.sku[0].value', rule: 'pattern', attributeAlias: 'sku', scope: {} },
      ],
      [
        'a price given as text',
        { price: [{ scope: { 'dim-market': 'seg-de' }, value: '159.99' }] },
        { field: 'values.price[0].value', rule: 'dataType', attributeAlias: 'price', scope: { 'dim-market': 'seg-de' } },
      ],
      [
        'a garment type that is not an option',
        { 'garment-type': [{ scope: {}, value: 'cape' }] },
        { field: 'values.garment-type[0].value', rule: 'options', attributeAlias: 'garment-type', scope: {} },
      ],
      [
        'two values for one scope',
        { 'product-name': [{ scope: { 'dim-language': 'seg-da' }, value: 'a' }, { scope: { 'dim-language': 'seg-da' }, value: 'b' }] },
        { field: 'values.product-name[1].scope', rule: 'duplicate-scope', attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' } },
      ],
      [
        'an attribute that is not in the schema',
        { colour: [{ scope: {}, value: 'navy' }] },
        { field: 'values.colour', rule: 'unknown-attribute', attributeAlias: 'colour' },
      ],
      [
        'a malformed scoped value',
        { material: [{ value: 'Cotton' }] },
        { field: 'values.material[0]', rule: 'type', attributeAlias: 'material' },
      ],
    ])('POST with %s', async (_, values, issue) => {
      const before = await everything();
      const response = await create(values);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(String),
        code: 'validation-failed',
        details: [{ ...issue, message: expect.any(String) }],
      });
      expect(await everything()).toEqual(before);
    });

    it('POST with several problems reports all of them at once', async () => {
      const response = await create({
        sku: [{ scope: {}, value: 'x y' }],
        price: [{ scope: { 'dim-market': 'seg-da' }, value: 1 }],
        colour: [{ scope: {}, value: 'navy' }],
      });
      expect(response.status).toBe(400);
      expect(response.body.details.map((issue: { attributeAlias: string; rule: string }) => `${issue.attributeAlias}:${issue.rule}`)).toEqual([
        'sku:pattern',
        'price:scope-segment',
        'colour:unknown-attribute',
      ]);
    });

    it.each([
      ['no values', { schemaId: 'schema-apparel' }, 'values'],
      ['values as a list', { schemaId: 'schema-apparel', values: [] }, 'values'],
      ['no schemaId', { values: {} }, 'schemaId'],
      ['an unknown schema', { schemaId: 'schema-unknown', values: {} }, 'schemaId'],
      ['an unknown parent', { schemaId: 'schema-apparel', values: {}, parentId: 'ent-missing' }, 'parentId'],
      ['an extra field', { schemaId: 'schema-apparel', values: {}, lifecycleStateId: 'state-published' }, 'lifecycleStateId'],
    ])('POST with %s is a 400 naming the field', async (_, body, field) => {
      const before = await everything();
      const response = await admin('POST', '/records', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await everything()).toEqual(before);
    });

    it('malformed JSON is a 400', async () => {
      const token = await system.api.token('admin');
      const response = await system.api.request('POST', '/records', {
        token,
        rawBody: '{"schemaId": "schema-apparel", "values": {',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('PUT with one bad attribute among good ones changes none of them', async () => {
      const before = await admin('GET', '/records/ent-001');
      const response = await admin('PUT', '/records/ent-001', {
        values: {
          material: [{ scope: {}, value: 'Linen' }],
          price: [{ scope: {}, value: 89 }, { scope: { 'dim-market': 'seg-xx' }, value: 600 }],
        },
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'values.price[1].scope', rule: 'scope-segment', attributeAlias: 'price', scope: { 'dim-market': 'seg-xx' } }),
      ]);
      expect(await admin('GET', '/records/ent-001')).toMatchObject({ status: 200, body: before.body });
    });

    it.each([
      ['no values', {}],
      ['values as a string', { values: 'price=1' }],
      ['an extra field', { values: {}, id: 'ent-002' }],
    ])('PUT with %s is a 400 and changes nothing', async (_, body) => {
      const before = await admin('GET', '/records/ent-001');
      expect((await admin('PUT', '/records/ent-001', body)).status).toBe(400);
      expect((await admin('GET', '/records/ent-001')).body).toEqual(before.body);
    });

    it('PATCH with a value too long names scopedValues[i], the alias, scope and rule', async () => {
      const before = await admin('GET', '/records/ent-001');
      const response = await admin('PATCH', '/records/ent-001/values/product-name', {
        scopedValues: [{ scope: {}, value: 'Shirt' }, { scope: { 'dim-language': 'seg-de' }, value: 'x'.repeat(201) }],
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        {
          field: 'scopedValues[1].value',
          rule: 'maxLength',
          message: 'must be at most 200 characters',
          attributeAlias: 'product-name',
          scope: { 'dim-language': 'seg-de' },
        },
      ]);
      expect((await admin('GET', '/records/ent-001')).body).toEqual(before.body);
    });

    it.each([
      ['no scopedValues', {}],
      ['scopedValues as an object', { scopedValues: { scope: {}, value: 'x' } }],
      ['the PUT body shape', { values: { 'product-name': [] } }],
    ])('PATCH with %s is a 400 and changes nothing', async (_, body) => {
      const before = await admin('GET', '/records/ent-001');
      expect((await admin('PATCH', '/records/ent-001/values/product-name', body)).status).toBe(400);
      expect((await admin('GET', '/records/ent-001')).body).toEqual(before.body);
    });
  });

  describe('unknown ids', () => {
    it.each([
      ['GET', '/records/ent-nope', undefined],
      ['PUT', '/records/ent-nope', { values: { material: [{ scope: {}, value: 'Wool' }] } }],
      ['PATCH', '/records/ent-nope/values/material', { scopedValues: [{ scope: {}, value: 'Wool' }] }],
      ['DELETE', '/records/ent-nope', undefined],
    ])('%s %s is a 404 naming the record', async (method, path, body) => {
      const response = await admin(method, path, body);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: "Record 'ent-nope' not found",
        code: 'not-found',
        details: { recordId: 'ent-nope' },
      });
    });

    it('PATCH of an attribute that is not in the schema is a 404 naming it, changing nothing', async () => {
      const before = await admin('GET', '/records/ent-001');
      const response = await admin('PATCH', '/records/ent-001/values/colour', { scopedValues: [{ scope: {}, value: 'navy' }] });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'not-found', details: { attributeAlias: 'colour' } });
      expect(response.body.message).toContain('colour');
      expect((await admin('GET', '/records/ent-001')).body).toEqual(before.body);
    });
  });

  describe('unique sku', () => {
    it('POST with a sku another record holds is a 400 with rule unique, creating nothing', async () => {
      const before = await everything();
      const response = await admin('POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'OXF-001' }] } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation-failed' });
      expect(response.body.details).toEqual([
        { field: 'values.sku', rule: 'unique', message: expect.stringContaining('ent-001'), attributeAlias: 'sku', scope: {} },
      ]);
      expect(await everything()).toEqual(before);
    });

    it('PUT moving a record to a sku another record holds is a 400 with rule unique, changing neither', async () => {
      const before = await everything();
      const response = await admin('PUT', '/records/ent-002', {
        values: { sku: [{ scope: {}, value: 'OXF-001' }], material: [{ scope: {}, value: 'Alpaca' }] },
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([expect.objectContaining({ rule: 'unique', attributeAlias: 'sku', scope: {} })]);
      expect(await everything()).toEqual(before);
    });

    it('a record may keep its own sku when it is updated', async () => {
      const response = await admin('PUT', '/records/ent-001', { values: { sku: [{ scope: {}, value: 'OXF-001' }] } });
      expect(response.status).toBe(200);
      expect(response.body.values.sku).toEqual([{ scope: {}, value: 'OXF-001' }]);
    });
  });
});
