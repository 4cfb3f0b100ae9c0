import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * The record endpoints of docs/contract/records-api.txt, request by request, through the gateway; the demo
 * record ent-001; and which roles may read and write records.
 */
jest.setTimeout(60000);

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const RECORD_ID = /^ent-[0-9A-Za-z]{8,}$/;

/** The body of the seed's "Create a record" example, exactly as written. */
const coastalWindbreaker = {
  schemaId: 'schema-apparel',
  values: {
    'product-name': [
      { scope: {}, value: 'Coastal Windbreaker' },
      { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke' },
      { scope: { 'dim-language': 'seg-de' }, value: 'Kuesten Windjacke' },
    ],
    sku: [{ scope: {}, value: 'CW-001' }],
    price: [
      { scope: {}, value: 129.99 },
      { scope: { 'dim-market': 'seg-dk' }, value: 969 },
    ],
    description: [
      { scope: {}, value: 'Lightweight windbreaker for coastal adventures' },
      { scope: { 'dim-language': 'seg-da' }, value: 'Let vindjakke til eventyr langs kysten' },
    ],
  },
};

/** The seed's PUT example. */
const priceUpdate = {
  values: {
    price: [
      { scope: {}, value: 149.99 },
      { scope: { 'dim-market': 'seg-dk' }, value: 1099 },
      { scope: { 'dim-market': 'seg-de' }, value: 159.99 },
    ],
  },
};

/** The seed's PATCH example. */
const productNamePatch = {
  scopedValues: [
    { scope: {}, value: 'Coastal Windbreaker Pro' },
    { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke Pro' },
    { scope: { 'dim-language': 'seg-de' }, value: 'Kuesten Windjacke Pro' },
  ],
};

describe('records API (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'records' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('the examples of docs/contract/records-api.txt', () => {
    let id: string;
    let created: Record<string, any>;

    it('GET /records?schemaId=schema-apparel&limit=10 returns a page with items, total, offset and limit', async () => {
      const response = await system.api.as('admin', 'GET', '/records?schemaId=schema-apparel&limit=10');
      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(['items', 'limit', 'offset', 'total']);
      expect(response.body).toMatchObject({ total: 4, offset: 0, limit: 10 });
      expect(response.body.items).toHaveLength(4);
      for (const item of response.body.items) {
        expect(item).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^ent-/),
            schemaId: 'schema-apparel',
            lifecycleStateId: 'state-draft',
            createdAt: expect.stringMatching(ISO_UTC),
            updatedAt: expect.stringMatching(ISO_UTC),
            createdBy: 'user-admin',
            updatedBy: 'user-admin',
            values: expect.any(Object),
          }),
        );
        for (const list of Object.values(item.values) as { scope: object; value: unknown }[][]) {
          for (const scoped of list) expect(Object.keys(scoped).sort()).toEqual(['scope', 'value']);
        }
      }
    });

    it('a list page is JSON (the records service builds it as text; the gateway passes it on) holding each record as GET /records/:id shows it', async () => {
      const response = await system.api.as('admin', 'GET', '/records?schemaId=schema-apparel&limit=10');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
      for (const item of response.body.items) {
        const read = await system.api.request('GET', `/records/${item.id}`, { token: await system.api.token('admin'), headers: { 'cache-control': 'no-cache' } });
        expect(item).toEqual(read.body);
      }
    });

    it('POST /records with the Coastal Windbreaker body answers 201 with the example shape, createdBy/updatedBy from the token', async () => {
      const response = await system.api.as('admin', 'POST', '/records', coastalWindbreaker);
      expect(response.status).toBe(201);
      created = response.body;
      id = created.id;
      expect(created).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(RECORD_ID),
          schemaId: 'schema-apparel',
          lifecycleStateId: 'state-draft',
          createdAt: expect.stringMatching(ISO_UTC),
          updatedAt: expect.stringMatching(ISO_UTC),
          createdBy: 'user-admin',
          updatedBy: 'user-admin',
          values: coastalWindbreaker.values,
        }),
      );
      expect(created.updatedAt).toBe(created.createdAt);
      expect(Math.abs(Date.parse(created.createdAt) - Date.now())).toBeLessThan(60000);
    });

    it('takes createdBy/updatedBy from the token of whoever creates, never from the body', async () => {
      const response = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: 'ED-001' }] },
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ createdBy: 'user-editor', updatedBy: 'user-editor' });
      const smuggled = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: 'ED-002' }] },
        createdBy: 'user-admin',
      });
      expect(smuggled.status).toBe(400);
      expect(smuggled.body.details).toEqual([expect.objectContaining({ field: 'createdBy', rule: 'unknown-property' })]);
      expect(await system.api.as('admin', 'DELETE', `/records/${response.body.id}`)).toMatchObject({ status: 204 });
    });

    it('GET /records/:id returns the record as created', async () => {
      const response = await system.api.as('admin', 'GET', `/records/${id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(created);
    });

    it('PUT /records/:id with the price example replaces price and leaves the other attributes unchanged', async () => {
      const response = await system.api.as('editor', 'PUT', `/records/${id}`, priceUpdate);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          id,
          schemaId: 'schema-apparel',
          lifecycleStateId: 'state-draft',
          createdAt: created.createdAt,
          createdBy: 'user-admin',
          updatedBy: 'user-editor',
          updatedAt: expect.stringMatching(ISO_UTC),
          values: { ...coastalWindbreaker.values, price: priceUpdate.values.price },
        }),
      );
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      expect((await system.api.as('viewer', 'GET', `/records/${id}`)).body).toEqual(response.body);
    });

    it('PATCH /records/:id/values/product-name with the example replaces only product-name', async () => {
      const before = (await system.api.as('admin', 'GET', `/records/${id}`)).body;
      const response = await system.api.as('admin', 'PATCH', `/records/${id}/values/product-name`, productNamePatch);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          id,
          schemaId: 'schema-apparel',
          updatedAt: expect.stringMatching(ISO_UTC),
          updatedBy: 'user-admin',
          values: { ...before.values, 'product-name': productNamePatch.scopedValues },
        }),
      );
      expect((await system.api.as('admin', 'GET', `/records/${id}`)).body).toEqual(response.body);
    });

    it('DELETE /records/:id answers 204 with no body, then the record is gone (404)', async () => {
      const response = await system.api.as('admin', 'DELETE', `/records/${id}`);
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      const gone = await system.api.as('admin', 'GET', `/records/${id}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toEqual({ statusCode: 404, error: 'Not Found', message: `Record '${id}' not found`, code: 'not-found', details: { recordId: id } });
      expect((await system.api.as('admin', 'DELETE', `/records/${id}`)).status).toBe(404);
      const list = await system.api.as('admin', 'GET', '/records?schemaId=schema-apparel');
      expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    });

    it('the deleted sku CW-001 can be used again', async () => {
      const again = await system.api.as('admin', 'POST', '/records', coastalWindbreaker);
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(id);
      expect((await system.api.as('admin', 'DELETE', `/records/${again.body.id}`)).status).toBe(204);
    });
  });

  describe('the demo record ent-001', () => {
    it('is the Classic Oxford Shirt, OXF-001, "A classic shirt."', async () => {
      const response = await system.api.as('viewer', 'GET', '/records/ent-001');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: 'ent-001', schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' });
      expect(response.body.values['product-name']).toContainEqual({ scope: {}, value: 'Classic Oxford Shirt' });
      expect(response.body.values.sku).toEqual([{ scope: {}, value: 'OXF-001' }]);
      expect(response.body.values['short-description']).toEqual([{ scope: {}, value: 'A classic shirt.' }]);
    });

    it('is listed together with ent-002', async () => {
      const response = await system.api.as('viewer', 'GET', '/records');
      expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining(['ent-001', 'ent-002']));
    });
  });

  describe('roles', () => {
    const writes: [string, string, unknown][] = [
      ['POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'ROLE-001' }] } }],
      ['PUT', '/records/ent-001', { values: { material: [{ scope: {}, value: 'Polyester' }] } }],
      ['PATCH', '/records/ent-001/values/product-name', { scopedValues: [{ scope: {}, value: 'Hijacked' }] }],
      ['DELETE', '/records/ent-001', undefined],
    ];

    it.each(['viewer', 'reviewer', 'agent'])('%s may not write records: 403 forbidden on every write, nothing changed', async (role) => {
      const before = await system.api.as('admin', 'GET', '/records/ent-001');
      const total = (await system.api.as('admin', 'GET', '/records')).body.total;
      for (const [method, path, body] of writes) {
        const response = await system.api.as(role, method, path, body);
        expect({ method, status: response.status }).toEqual({ method, status: 403 });
        expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'forbidden' });
      }
      expect(await system.api.as('admin', 'GET', '/records/ent-001')).toMatchObject({ status: 200, body: before.body });
      expect((await system.api.as('admin', 'GET', '/records')).body.total).toBe(total);
    });

    it('a role without write access gets 403 even for an invalid body or an unknown record', async () => {
      expect((await system.api.as('viewer', 'POST', '/records', { nonsense: true })).status).toBe(403);
      expect((await system.api.as('agent', 'DELETE', '/records/ent-does-not-exist')).status).toBe(403);
    });

    it.each(['admin', 'editor', 'reviewer', 'viewer', 'agent'])('%s may read: list and get answer 200', async (role) => {
      expect((await system.api.as(role, 'GET', '/records?limit=1')).status).toBe(200);
      expect((await system.api.as(role, 'GET', '/records/ent-001')).status).toBe(200);
    });

    it.each(['admin', 'editor'])('%s may create, update, patch and delete', async (role) => {
      const created = await system.api.as(role, 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: `W-${role.toUpperCase()}` }] } });
      expect(created.status).toBe(201);
      const path = `/records/${created.body.id}`;
      expect((await system.api.as(role, 'PUT', path, { values: { material: [{ scope: {}, value: 'Wool' }] } })).status).toBe(200);
      expect((await system.api.as(role, 'PATCH', `${path}/values/material`, { scopedValues: [] })).status).toBe(200);
      expect((await system.api.as(role, 'DELETE', path)).status).toBe(204);
    });

    // Every row has three entries: with fewer, Jest would pass its `done` callback as the body.
    it.each<[string, string, unknown]>([['GET', '/records', undefined], ['GET', '/records/ent-001', undefined], ...writes])(
      'no token: %s %s answers 401',
      async (method, path, body) => {
        const response = await system.api.request(method, path, { body });
        expect(response.status).toBe(401);
        expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', code: 'unauthorized' });
      },
    );
  });
});
