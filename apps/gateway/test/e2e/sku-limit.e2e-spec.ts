import type { Schemas } from '@sigma/sdk';
import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

const LIMIT = 6;

/** Through the typed SDK client (libs/sdk): paths, bodies and answers are checked by the compiler. */
describe('plan SKU limit through the gateway (e2e)', () => {
  let system: TestSystem;
  let sku = 0;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'skulimit', env: { SKU_LIMIT: String(LIMIT) } });
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const viewer = () => system.api.sdk('viewer');
  const editor = () => system.api.sdk('editor');
  const page = async (limit: number) => {
    const { data } = await viewer().GET('/records', { params: { query: { limit } } });
    return data!;
  };
  const total = async () => (await page(1)).total;
  const lastRecordId = async () => (await page(500)).items.at(-1)!.id;
  const deleteRecord = async (id: string) => (await editor().DELETE('/records/{id}', { params: { path: { id } } })).response.status;
  const create = (value = `SKU-${++sku}`, parentId?: string) =>
    editor().POST('/records', { body: { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value }] }, ...(parentId && { parentId }) } });
  const expectLimitReached = ({ response, error }: { response: Response; error?: Schemas['ErrorBody'] }) => {
    expect(response.status).toBe(403);
    expect(error).toEqual({
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
    for (let count = start; count < LIMIT; count++) expect((await create()).response.status).toBe(201);
    expect(await total()).toBe(LIMIT);
    const refused = await create('OVER-1');
    expectLimitReached(refused);
    expect(await total()).toBe(LIMIT);
    // Nothing was written: the refused sku is still free once a slot opens.
    expect(await deleteRecord(await lastRecordId())).toBe(204);
    expect((await create('OVER-1')).response.status).toBe(201);
  });

  it('counts variants: creating one at the limit is refused too', async () => {
    expectLimitReached(await create(undefined, 'ent-001'));
    const { data } = await viewer().GET('/records/{id}/variants', { params: { path: { id: 'ent-001' } } });
    expect(data).toEqual([]);
  });

  it('at the limit still allows reads, updates, assignments and deletes', async () => {
    const updated = await editor().PATCH('/records/{id}/values/{attr}', {
      params: { path: { id: 'ent-002', attr: 'material' } },
      body: { scopedValues: [{ scope: {}, value: 'Lambswool' }] },
    });
    expect(updated.response.status).toBe(200);
    const assigned = await editor().POST('/records/{id}/categories', { params: { path: { id: 'ent-002' } }, body: { categoryId: 'cat-outerwear' } });
    expect(assigned.response.status).toBe(201);
    expect((await viewer().GET('/records/{id}', { params: { path: { id: 'ent-002' } } })).response.status).toBe(200);
    expect(await total()).toBe(LIMIT);
  });

  it('20 concurrent creates at limit-1: exactly one 201, the other 19 get 403 sku-limit-reached', async () => {
    expect(await deleteRecord(await lastRecordId())).toBe(204);
    expect(await total()).toBe(LIMIT - 1);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => create(`RUSH-${index}`)));
    const created = responses.flatMap(({ data }) => (data ? [data] : []));
    expect(created).toHaveLength(1);
    const refused = responses.filter(({ data }) => !data);
    expect(refused).toHaveLength(19);
    refused.forEach(expectLimitReached);
    expect(await total()).toBe(LIMIT);
    const rushed = (await page(500)).items.filter((record) => String(record.values.sku?.[0]?.value).startsWith('RUSH-'));
    expect(rushed.map((record) => record.id)).toEqual([created[0].id]);
    // Only the winner is audited.
    const audit = await eventually(async () => {
      const { data } = await viewer().GET('/records/{id}/audit', { params: { path: { id: created[0].id } } });
      expect(data).toHaveLength(1);
      return data!;
    });
    expect(audit[0].action).toBe('create');
    expectLimitReached(await create());
  });
});
