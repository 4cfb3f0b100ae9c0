import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Optimistic concurrency: every record response carries its version as ETag; writes with a stale
 * If-Match answer 412 (code precondition-failed) and change nothing; the check runs under the row lock.
 */
jest.setTimeout(120000);

const WRITERS = 32;

describe('optimistic concurrency: ETag and If-Match (e2e)', () => {
  let system: TestSystem;
  let editor: string;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'concurrency' });
    editor = await system.api.token('editor');
  });

  afterAll(async () => {
    await system?.stop();
  });

  const send = (method: string, path: string, body?: unknown, ifMatch?: string) =>
    system.api.request(method, path, { body, token: editor, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

  async function createCounter(sku: string): Promise<{ id: string; etag: string }> {
    const created = await send('POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }], price: [{ scope: {}, value: 0 }] } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.body.version).toBe(1);
    return { id: created.body.id, etag: created.headers.get('etag')! };
  }

  it('puts the record version in the ETag of every single-record response', async () => {
    const got = await send('GET', '/records/ent-001');
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`W/"${got.body.version}"`);
    const resolved = await send('GET', '/records/ent-001?resolved=true');
    expect(resolved.headers.get('etag')).toBe(`W/"${resolved.body.version}"`);
    const list = await send('GET', '/records?limit=2');
    expect(list.headers.get('etag')).toBeNull();
  });

  it(`${WRITERS} concurrent read-modify-write increments with If-Match: the final value is the number of winners, every loser got 412`, async () => {
    const { id } = await createCounter('OCC-COUNTER');
    const results = await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const read = await send('GET', `/records/${id}`);
        const current = read.body.values.price.find((entry: { scope: object }) => Object.keys(entry.scope).length === 0).value as number;
        return send('PATCH', `/records/${id}/values/price`, { scopedValues: [{ scope: {}, value: current + 1 }] }, read.headers.get('etag')!);
      }),
    );
    const winners = results.filter((result) => result.status === 200);
    const losers = results.filter((result) => result.status === 412);
    expect(winners.length + losers.length).toBe(WRITERS);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const loser of losers) {
      expect(loser.body).toMatchObject({ statusCode: 412, error: 'Precondition Failed', code: 'precondition-failed' });
      expect(loser.body.details).toEqual({ recordId: id, currentVersion: expect.any(Number), expectedVersion: expect.any(Number) });
    }
    for (const winner of winners) expect(winner.headers.get('etag')).toBe(`W/"${winner.body.version}"`);
    const final = await send('GET', `/records/${id}`);
    expect(final.body.values.price).toEqual([{ scope: {}, value: winners.length }]);
    expect(final.body.version).toBe(1 + winners.length);
  });

  it('answers 412 to a stale If-Match on PUT, PATCH, DELETE and transition, changing nothing', async () => {
    const { id, etag } = await createCounter('OCC-STALE');
    const fresh = await send('PUT', `/records/${id}`, { values: { material: [{ scope: {}, value: 'Linen' }] } }, etag);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('W/"2"');

    const stale = [
      await send('PUT', `/records/${id}`, { values: { material: [{ scope: {}, value: 'Wool' }] } }, etag),
      await send('PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value: 'Silk' }] }, etag),
      await send('POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' }, etag),
      await send('DELETE', `/records/${id}`, undefined, etag),
    ];
    for (const response of stale) {
      expect(response.status).toBe(412);
      expect(response.body).toMatchObject({ code: 'precondition-failed', details: { currentVersion: 2, expectedVersion: 1 } });
    }
    const after = await send('GET', `/records/${id}`);
    expect(after.body).toMatchObject({ version: 2, lifecycleStateId: 'state-draft', values: { material: [{ scope: {}, value: 'Linen' }] } });
  });

  it('applies writes whose If-Match is current, in any accepted spelling, and * or no header skips the check', async () => {
    const { id } = await createCounter('OCC-CURRENT');
    const strong = await send('PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value: 'A' }] }, '"1"');
    expect(strong.status).toBe(200);
    const transitioned = await send('POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' }, 'W/"2"');
    expect(transitioned.status).toBe(200);
    expect(transitioned.headers.get('etag')).toBe('W/"3"');
    const any = await send('PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value: 'B' }] }, '*');
    expect(any.status).toBe(200);
    const none = await send('PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value: 'C' }] });
    expect(none.status).toBe(200);
    expect(none.body.version).toBe(5);
    const deleted = await send('DELETE', `/records/${id}`, undefined, 'W/"5"');
    expect(deleted.status).toBe(204);
  });

  it('answers 412 to an If-Match that names no version, changing nothing', async () => {
    const { id } = await createCounter('OCC-GARBAGE');
    const response = await send('PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value: 'A' }] }, 'W/"abc"');
    expect(response.status).toBe(412);
    expect(response.body.code).toBe('precondition-failed');
    expect((await send('GET', `/records/${id}`)).body.version).toBe(1);
  });

  it('without If-Match, concurrent writers to one record never lose an update (the row lock serialises them)', async () => {
    const { id } = await createCounter('OCC-NO-MATCH');
    const aliases = ['material', 'product-name', 'description', 'short-description'];
    const results = await Promise.all(aliases.map((alias) => send('PATCH', `/records/${id}/values/${alias}`, { scopedValues: [{ scope: {}, value: `v-${alias}` }] })));
    expect(results.map((result) => result.status)).toEqual(aliases.map(() => 200));
    const final = await send('GET', `/records/${id}`);
    expect(final.body.version).toBe(1 + aliases.length);
    for (const alias of aliases) expect(final.body.values[alias]).toEqual([{ scope: {}, value: `v-${alias}` }]);
  });
});
