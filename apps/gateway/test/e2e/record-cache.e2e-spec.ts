import { Client } from 'pg';
import { ApiClient, freePort, spawnService, startTestSystem, TEST_NATS_URL, type ServiceProcess, type TestSystem, waitForHealthy } from '@sigma/testing';

/**
 * The gateway's record cache (GET /records/:id): a second read is answered by the gateway, a
 * client always reads its own writes, a write through another gateway shows once its record
 * event arrives, and `Cache-Control: no-cache` reads through. A row changed behind the system's
 * back (no event) is what tells a cached answer from a fresh one.
 */
jest.setTimeout(120000);

describe('gateway record cache (e2e)', () => {
  let system: TestSystem;
  let other: ServiceProcess;
  let otherApi: ApiClient;
  let sql: Client;
  let editor: string;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'recordcache' });
    const port = await freePort();
    other = spawnService('gateway', {
      DATABASE_URL: system.database.url,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: system.subjectPrefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    otherApi = new ApiClient(`http://127.0.0.1:${port}/api/v1`);
    await waitForHealthy(otherApi.baseUrl, [other], 45000);
    sql = new Client({ connectionString: system.database.url });
    await sql.connect();
    editor = await system.api.token('editor');
  });

  afterAll(async () => {
    await sql?.end();
    await other?.stop();
    await system?.stop();
  });

  const get = (api: ApiClient, id: string, headers: Record<string, string> = {}) => api.request('GET', `/records/${id}`, { token: editor, headers });
  const materialOf = (record: { values: { material?: { value: unknown }[] } }) => record.values.material?.[0]?.value;

  async function createRecord(sku: string): Promise<string> {
    const created = await system.api.request('POST', '/records', {
      token: editor,
      body: { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }], material: [{ scope: {}, value: 'Linen' }] } },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** Changes the stored material without a record event, as no write path ever would. */
  const changeBehindTheBack = (id: string, material: string) =>
    sql.query(`UPDATE records.record SET "values" = jsonb_set("values", '{material,0,value}', to_jsonb($2::text)) WHERE id = $1`, [id, material]);

  it('answers a second read from the cache, and reads through on Cache-Control: no-cache', async () => {
    const id = await createRecord('CACHE-1');
    expect(materialOf((await get(system.api, id)).body)).toBe('Linen');
    await changeBehindTheBack(id, 'Wool');
    const cached = await get(system.api, id);
    expect(cached.status).toBe(200);
    expect(materialOf(cached.body)).toBe('Linen');
    expect(cached.headers.get('etag')).toBe('W/"1"');
    const fresh = await get(system.api, id, { 'cache-control': 'no-cache' });
    expect(materialOf(fresh.body)).toBe('Wool');
  });

  it('shows a client its own write on the next read: update, single attribute and transition', async () => {
    const id = await createRecord('CACHE-2');
    await get(system.api, id);
    const put = await system.api.request('PUT', `/records/${id}`, { token: editor, body: { values: { material: [{ scope: {}, value: 'Cotton' }] } } });
    expect(put.status).toBe(200);
    const afterPut = await get(system.api, id);
    expect(afterPut.body.version).toBe(2);
    expect(materialOf(afterPut.body)).toBe('Cotton');
    const patch = await system.api.request('PATCH', `/records/${id}/values/material`, { token: editor, body: { scopedValues: [{ scope: {}, value: 'Silk' }] } });
    expect(patch.status).toBe(200);
    expect(materialOf((await get(system.api, id)).body)).toBe('Silk');
    const moved = await system.api.request('POST', `/records/${id}/transition`, { token: editor, body: { transitionId: 'trans-draft-to-review' } });
    expect(moved.status).toBe(200);
    const afterMove = await get(system.api, id);
    expect(afterMove.body.lifecycleStateId).toBe(moved.body.lifecycleStateId);
    expect(afterMove.headers.get('etag')).toBe(`W/"${moved.body.version}"`);
  });

  it('shows a write made through another gateway once its record event arrives', async () => {
    const id = await createRecord('CACHE-3');
    expect((await get(system.api, id)).body.version).toBe(1);
    const put = await otherApi.request('PUT', `/records/${id}`, { token: editor, body: { values: { material: [{ scope: {}, value: 'Hemp' }] } } });
    expect(put.status).toBe(200);
    // Proof the event, not the read, refreshed it: a change without an event stays unseen afterwards.
    await waitFor(async () => (await get(system.api, id)).body.version === 2);
    await changeBehindTheBack(id, 'Behind');
    const after = await get(system.api, id);
    expect(materialOf(after.body)).toBe('Hemp');
    expect(after.body.version).toBe(2);
  });

  it('answers 404 once a record deleted through another gateway is gone, and for its variants', async () => {
    const id = await createRecord('CACHE-4');
    const variant = await system.api.request('POST', '/records', {
      token: editor,
      body: { schemaId: 'schema-apparel', parentId: id, values: { sku: [{ scope: {}, value: 'CACHE-4-V' }] } },
    });
    expect(variant.status).toBe(201);
    expect((await get(system.api, id)).status).toBe(200);
    expect((await get(system.api, variant.body.id)).status).toBe(200);
    expect((await otherApi.request('DELETE', `/records/${id}`, { token: editor })).status).toBe(204);
    await waitFor(async () => (await get(system.api, id)).status === 404 && (await get(system.api, variant.body.id)).status === 404);
  });

  it('drops a deleted record and its variants on the gateway that deleted it, at once', async () => {
    const id = await createRecord('CACHE-5');
    const variant = await system.api.request('POST', '/records', {
      token: editor,
      body: { schemaId: 'schema-apparel', parentId: id, values: { sku: [{ scope: {}, value: 'CACHE-5-V' }] } },
    });
    await get(system.api, id);
    await get(system.api, variant.body.id);
    expect((await system.api.request('DELETE', `/records/${id}`, { token: editor })).status).toBe(204);
    expect((await get(system.api, id)).status).toBe(404);
    expect((await get(system.api, variant.body.id)).status).toBe(404);
  });

  it('counts hits, misses and read-throughs in the metrics', async () => {
    const metrics = await system.api.request('GET', '/metrics', { token: await system.api.token('admin') });
    const count = (result: string) => Number(new RegExp(`sigma_record_cache_reads_total\\{result="${result}"\\} (\\d+)`).exec(String(metrics.body))?.[1] ?? 0);
    expect(count('hit')).toBeGreaterThan(0);
    expect(count('miss')).toBeGreaterThan(0);
    expect(count('bypass')).toBeGreaterThan(0);
  });
});

/** Polls until `check` holds, for at most 5 s (the record event's way through the outbox relay is milliseconds). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not seen within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
