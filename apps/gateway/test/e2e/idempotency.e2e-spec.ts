import { Client } from 'pg';
import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Idempotency-Key on POST /records, POST /change-sets and POST /change-sets/:id/apply: replays,
 * body mismatch (422), concurrent duplicates (they wait for the first), failed first attempts, scoping and the 24 h expiry.
 */
jest.setTimeout(120000);

describe('Idempotency-Key (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'idempotency' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const post = async (user: string, path: string, body: unknown, key?: string) =>
    system.api.request('POST', path, { body, token: await system.api.token(user), headers: key === undefined ? {} : { 'idempotency-key': key } });
  const recordBody = (sku: string) => ({ schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }] } });
  const recordsWithSku = async (sku: string) => {
    const list = await system.api.as('viewer', 'GET', '/records?limit=500');
    return list.body.items.filter((item: { values: Record<string, { value: unknown }[]> }) => item.values.sku?.[0]?.value === sku).length;
  };
  const changeSet = (title: string) => ({ title, source: { type: 'integration', id: 'erp', name: 'ERP' }, operations: [] });

  it('replays the first response for a retry with the same key and body, creating one record', async () => {
    const first = await post('editor', '/records', recordBody('IDEM-1'), 'key-record-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same body, keys in another order: the same request.
    const retry = await post('editor', '/records', { values: { sku: [{ value: 'IDEM-1', scope: {} }] }, schemaId: 'schema-apparel' }, 'key-record-1');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('etag')).toBe('W/"1"');
    expect(retry.body).toEqual(first.body);
    expect(await recordsWithSku('IDEM-1')).toBe(1);
  });

  it('answers 422 (code idempotency-key-reused) to the same key with another body, creating nothing', async () => {
    expect((await post('editor', '/records', recordBody('IDEM-2'), 'key-record-2')).status).toBe(201);
    const reused = await post('editor', '/records', recordBody('IDEM-2B'), 'key-record-2');
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ statusCode: 422, code: 'idempotency-key-reused' });
    expect(await recordsWithSku('IDEM-2B')).toBe(0);
  });

  it('of concurrent duplicates exactly one runs: the others wait for it and get its result', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => post('editor', '/records', recordBody('IDEM-RACE'), 'key-race')));
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    expect(responses.filter((response) => response.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
    expect(await recordsWithSku('IDEM-RACE')).toBe(1);
  });

  it('does not remember a failed request: its retry runs again', async () => {
    const invalid = await post('editor', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'lower case' }] } }, 'key-failed');
    expect(invalid.status).toBe(400);
    const fixed = await post('editor', '/records', recordBody('IDEM-FIXED'), 'key-failed');
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('scopes keys by user and endpoint', async () => {
    const editorSet = await post('editor', '/change-sets', changeSet('Scoped'), 'key-shared');
    const agentSet = await post('agent', '/change-sets', changeSet('Scoped'), 'key-shared');
    expect([editorSet.status, agentSet.status]).toEqual([201, 201]);
    expect(agentSet.body.id).not.toBe(editorSet.body.id);
    expect((await post('editor', '/records', recordBody('IDEM-SCOPE'), 'key-shared')).status).toBe(201);
  });

  it('replays change-set creation and apply', async () => {
    const body = {
      ...changeSet('Once'),
      operations: [{ type: 'update', entityId: 'ent-002', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Idempotent wool' }] }],
    };
    const first = await post('editor', '/change-sets', body, 'key-cs');
    const again = await post('editor', '/change-sets', body, 'key-cs');
    expect(again.body).toEqual(first.body);
    const id = first.body.id;
    expect((await post('editor', `/change-sets/${id}/submit`, {})).status).toBe(200);
    expect((await post('reviewer', `/change-sets/${id}/approve`, {})).status).toBe(200);
    const applied = await post('editor', `/change-sets/${id}/apply`, {}, 'key-apply');
    expect(applied.status).toBe(200);
    const replayed = await post('editor', `/change-sets/${id}/apply`, {}, 'key-apply');
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body).toEqual(applied.body);
  });

  it('forgets keys after 24 hours', async () => {
    const first = await post('editor', '/change-sets', changeSet('Expiring'), 'key-expiring');
    const client = new Client({ connectionString: system.database.url });
    await client.connect();
    try {
      const aged = await client.query(`UPDATE change_sets.idempotency_key SET created_at = now() - interval '24 hours 1 minute' WHERE key = 'key-expiring'`);
      expect(aged.rowCount).toBe(1);
    } finally {
      await client.end();
    }
    const later = await post('editor', '/change-sets', changeSet('Expiring'), 'key-expiring');
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('answers 400 to a malformed key', async () => {
    const response = await post('editor', '/change-sets', changeSet('Bad key'), 'x'.repeat(201));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation-failed');
  });
});
