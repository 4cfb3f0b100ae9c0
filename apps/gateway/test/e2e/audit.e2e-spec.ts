import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

describe('audit trail (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'audit' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const auditOf = async (id: string, query = '', expectedCount?: number) =>
    eventually(async () => {
      const response = await system.api.as('viewer', 'GET', `/records/${id}/audit${query}`);
      expect(response.status).toBe(200);
      if (expectedCount !== undefined) expect(response.body).toHaveLength(expectedCount);
      return response;
    });

  it('records the seed example: an update of product-name, then a transition, oldest first by default', async () => {
    const created = await system.api.as('admin', 'POST', '/records', {
      schemaId: 'schema-apparel',
      values: { 'product-name': [{ scope: {}, value: 'Coastal Windbreaker' }], sku: [{ scope: {}, value: 'CW-001' }] },
    });
    const id = created.body.id;
    await system.api.as('admin', 'PATCH', `/records/${id}/values/product-name`, {
      scopedValues: [{ scope: {}, value: 'Coastal Windbreaker Pro' }],
    });
    await system.api.as('admin', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' });
    const response = await auditOf(id, '', 3);
    const [create, update, transition] = response.body;
    expect(transition).toEqual({
      id: expect.stringMatching(/^audit-[0-9A-Za-z]{8,}$/),
      entityId: id,
      userId: 'user-admin',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      action: 'transition',
      changes: [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: 'state-draft', newValue: 'state-review' }],
    });
    expect(update).toMatchObject({
      action: 'update',
      userId: 'user-admin',
      changes: [{ attributeAlias: 'product-name', scope: {}, oldValue: 'Coastal Windbreaker', newValue: 'Coastal Windbreaker Pro' }],
    });
    expect(create.action).toBe('create');
    const descending = await auditOf(id, '?order=desc');
    expect(descending.body.map((entry: { action: string }) => entry.action)).toEqual(['transition', 'update', 'create']);
  });

  it('tracks create -> update -> delete with old and new values per scope, and keeps it after deletion', async () => {
    const created = await system.api.as('editor', 'POST', '/records', {
      schemaId: 'schema-apparel',
      values: {
        sku: [{ scope: {}, value: 'AUD-1' }],
        price: [
          { scope: {}, value: 10 },
          { scope: { 'dim-market': 'seg-dk' }, value: 75 },
        ],
      },
    });
    const id = created.body.id;
    await system.api.as('editor', 'PUT', `/records/${id}`, {
      values: { price: [{ scope: {}, value: 12 }, { scope: { 'dim-market': 'seg-de' }, value: 11 }] },
    });
    expect((await system.api.as('editor', 'DELETE', `/records/${id}`)).status).toBe(204);
    const response = await auditOf(id, '?order=asc', 3);
    const [create, update, remove] = response.body;
    expect(create).toMatchObject({ action: 'create', userId: 'user-editor' });
    expect(create.changes).toEqual(
      expect.arrayContaining([
        { attributeAlias: 'sku', scope: {}, oldValue: null, newValue: 'AUD-1' },
        { attributeAlias: 'price', scope: {}, oldValue: null, newValue: 10 },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: null, newValue: 75 },
      ]),
    );
    expect(create.changes).toHaveLength(3);
    expect(update.action).toBe('update');
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { attributeAlias: 'price', scope: {}, oldValue: 10, newValue: 12 },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, oldValue: null, newValue: 11 },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: 75, newValue: null },
      ]),
    );
    expect(update.changes).toHaveLength(3);
    expect(remove).toMatchObject({ action: 'delete', userId: 'user-editor' });
    expect(remove.changes).toEqual(expect.arrayContaining([{ attributeAlias: 'sku', scope: {}, oldValue: 'AUD-1', newValue: null }]));
  });

  it('pages with limit, offset and the X-Next-Cursor cursor, reporting X-Total-Count', async () => {
    const created = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'PG-0' }] } });
    const id = created.body.id;
    for (let i = 1; i <= 4; i++) await system.api.as('editor', 'PUT', `/records/${id}`, { values: { sku: [{ scope: {}, value: `PG-${i}` }] } });
    await auditOf(id, '', 5);
    const first = await system.api.as('viewer', 'GET', `/records/${id}/audit?limit=2&order=desc`);
    expect(first.headers.get('x-total-count')).toBe('5');
    expect(first.body.map((e: { changes: { newValue: string }[] }) => e.changes[0].newValue)).toEqual(['PG-4', 'PG-3']);
    const cursor = first.headers.get('x-next-cursor');
    const second = await system.api.as('viewer', 'GET', `/records/${id}/audit?limit=2&order=desc&after=${cursor}`);
    expect(second.body.map((e: { changes: { newValue: string }[] }) => e.changes[0].newValue)).toEqual(['PG-2', 'PG-1']);
    const oldestFirst = await system.api.as('viewer', 'GET', `/records/${id}/audit?limit=2`);
    expect(oldestFirst.body.map((e: { changes: { newValue: string }[] }) => e.changes[0].newValue)).toEqual(['PG-0', 'PG-1']);
    const byOffset = await system.api.as('viewer', 'GET', `/records/${id}/audit?limit=2&offset=4`);
    expect(byOffset.body).toHaveLength(1);
    expect(byOffset.headers.get('x-next-cursor')).toBeNull();
  });

  it('answers 404 for an unknown record and 400 for a bad limit', async () => {
    expect((await system.api.as('viewer', 'GET', '/records/ent-unknown/audit')).status).toBe(404);
    const bad = await system.api.as('viewer', 'GET', '/records/ent-001/audit?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('limit');
  });

  it('shows the demo records created by the admin', async () => {
    const response = await auditOf('ent-001', '', 1);
    expect(response.body[0]).toMatchObject({ action: 'create', userId: 'user-admin', entityId: 'ent-001' });
  });
});

