import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

const LIMIT = 6;

describe('plan SKU limit through the gateway (e2e)', () => {
  let system: TestSystem;
  let sku = 0;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'skulimit', env: { SKU_LIMIT: String(LIMIT) } });
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const total = async () => (await system.api.as('viewer', 'GET', '/records?limit=1')).body.total as number;
  const create = (value = `SKU-${++sku}`, parentId?: string) =>
    system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value }] }, ...(parentId && { parentId }) });
  const expectLimitReached = (response: { status: number; body: Record<string, unknown> }) => {
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: expect.stringContaining(String(LIMIT)),
      code: 'sku-limit-reached',
      details: { limit: LIMIT, count: LIMIT },
    });
  };

  it('allows creates up to the limit, then answers 403 sku-limit-reached and creates nothing', async () => {
    const start = await total();
    expect(start).toBeLessThan(LIMIT);
    for (let count = start; count < LIMIT; count++) expect((await create()).status).toBe(201);
    expect(await total()).toBe(LIMIT);
    const refused = await create('OVER-1');
    expectLimitReached(refused);
    expect(await total()).toBe(LIMIT);
    // Nothing was written: the refused sku is still free once a slot opens.
    const victim = (await system.api.as('viewer', 'GET', '/records?limit=500')).body.items.at(-1).id;
    expect((await system.api.as('editor', 'DELETE', `/records/${victim}`)).status).toBe(204);
    expect((await create('OVER-1')).status).toBe(201);
  });

  it('counts variants: creating one at the limit is refused too', async () => {
    expectLimitReached(await create(undefined, 'ent-001'));
    expect((await system.api.as('viewer', 'GET', '/records/ent-001/variants')).body).toEqual([]);
  });

  it('at the limit still allows reads, updates, assignments and deletes', async () => {
    const updated = await system.api.as('editor', 'PATCH', '/records/ent-002/values/material', { scopedValues: [{ scope: {}, value: 'Lambswool' }] });
    expect(updated.status).toBe(200);
    expect((await system.api.as('editor', 'POST', '/records/ent-002/categories', { categoryId: 'cat-outerwear' })).status).toBe(201);
    expect((await system.api.as('viewer', 'GET', '/records/ent-002')).status).toBe(200);
    expect(await total()).toBe(LIMIT);
  });

  it('20 concurrent creates at limit-1: exactly one 201, the other 19 get 403 sku-limit-reached', async () => {
    const victim = (await system.api.as('viewer', 'GET', '/records?limit=500')).body.items.at(-1).id;
    expect((await system.api.as('editor', 'DELETE', `/records/${victim}`)).status).toBe(204);
    expect(await total()).toBe(LIMIT - 1);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => create(`RUSH-${index}`)));
    const created = responses.filter((response) => response.status === 201);
    expect(created).toHaveLength(1);
    const refused = responses.filter((response) => response.status !== 201);
    expect(refused).toHaveLength(19);
    refused.forEach(expectLimitReached);
    expect(await total()).toBe(LIMIT);
    const rushed = (await system.api.as('viewer', 'GET', '/records?limit=500')).body.items.filter((record: { values: { sku?: { value: string }[] } }) =>
      record.values.sku?.[0]?.value.startsWith('RUSH-'),
    );
    expect(rushed.map((record: { id: string }) => record.id)).toEqual([created[0].body.id]);
    // Only the winner is audited.
    const audit = await eventually(async () => {
      const response = await system.api.as('viewer', 'GET', `/records/${created[0].body.id}/audit`);
      expect(response.body).toHaveLength(1);
      return response.body;
    });
    expect(audit[0].action).toBe('create');
    expectLimitReached(await create());
  });
});
