import { randomBytes } from 'node:crypto';
import { LIST_EMBEDDED_OPERATIONS, MAX_REPORTED_ISSUES, OPERATION_PAGE_MAX_LIMIT, TOO_MANY_ISSUES_RULE } from '@sigma/contracts';
import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Every request does bounded work and gets a bounded answer, whatever the input: a body of
 * 60,000 unknown attribute keys, change sets of thousands of operations, numbers JSON cannot hold.
 */
jest.setTimeout(180_000);

const REQUEST_TIMEOUT_MS = 60_000;

describe('bounded answers (e2e)', () => {
  let system: TestSystem;
  let token: string;

  /** Raw fetch: the status and the size of the body as sent. */
  const send = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${system.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    return { status: response.status, bytes: Buffer.byteLength(text), body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    system = await startTestSystem({ label: 'bounded' });
    token = await system.api.token('admin');
  }, 90_000);

  afterAll(async () => {
    await system?.stop();
  }, 30_000);

  describe('validation of 60,000 unknown attribute keys', () => {
    const unknownKeys = JSON.stringify({ values: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`a${i}`, []])) });

    it('answers 400 in a small body naming the field, changing nothing', async () => {
      const before = await send('GET', '/records/ent-001');
      expect(Buffer.byteLength(unknownKeys)).toBeGreaterThan(600_000);
      const response = await send('PUT', '/records/ent-001', unknownKeys);
      expect(response.status).toBe(400);
      expect(response.bytes).toBeLessThan(64 * 1024);
      expect(response.body).toMatchObject({ code: 'validation-failed', details: [{ field: 'values', rule: 'maxProperties' }] });
      expect(await send('GET', '/records/ent-001')).toEqual(before);
    });

    it('lists the first 100 unknown aliases of 1,000 and the total', async () => {
      const body = JSON.stringify({ values: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`a${i}`, [{ scope: {}, value: 'x' }]])) });
      const response = await send('PUT', '/records/ent-001', body);
      expect(response.status).toBe(400);
      expect(response.bytes).toBeLessThan(64 * 1024);
      expect(response.body.details).toHaveLength(MAX_REPORTED_ISSUES + 1);
      expect(response.body.details[0]).toMatchObject({ field: 'values.a0', rule: 'unknown-attribute' });
      expect(response.body.details[MAX_REPORTED_ISSUES]).toEqual({ field: 'values', rule: TOO_MANY_ISSUES_RULE, message: '1000 issues found; only the first 100 are listed' });
      expect(response.body.message).toContain('1000 issues found');
    });

    it('8 of them in parallel leave reads answering', async () => {
      const puts = Array.from({ length: 8 }, () => send('PUT', '/records/ent-001', unknownKeys));
      const read = await send('GET', '/records/ent-001');
      const refused = await Promise.all(puts);
      expect(read.status).toBe(200);
      expect(refused.map((response) => response.status)).toEqual(Array(8).fill(400));
      expect(Math.max(...refused.map((response) => response.bytes))).toBeLessThan(64 * 1024);
    });
  });

  describe('numbers JSON cannot hold', () => {
    it.each([
      ['PATCH', '/records/ent-001/values/price', '{"scopedValues":[{"scope":{},"value":1e400}]}', 'scopedValues[0].value'],
      ['PUT', '/records/ent-001', '{"values":{"price":[{"scope":{},"value":-1e999}]}}', 'values.price[0].value'],
      ['POST', '/records', '{"schemaId":"schema-apparel","values":{"price":[{"scope":{},"value":1e400}]}}', 'values.price[0].value'],
    ])('%s %s with %s is a 400 naming %s; the value stays', async (method, path, body, field) => {
      const before = await send('GET', '/records?limit=500');
      const response = await send(method, path, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation-failed', details: [{ field, rule: 'finite' }] });
      const after = await send('GET', '/records?limit=500');
      expect(after).toEqual(before);
      expect(after.body.items[0].values.price).toContainEqual({ scope: {}, value: 79.99 });
    });
  });

  describe('change sets of thousands of operations', () => {
    const SETS = 12;
    const OPERATIONS = 7000;
    const operation = (i: number, value = `Linen ${i}`) => ({
      type: 'update',
      entityId: 'ent-001',
      schemaId: 'schema-apparel',
      changes: [{ attributeAlias: 'material', newValue: value }],
    });
    const createBody = (title: string, count: number) =>
      JSON.stringify({ title, source: { type: 'agent', name: 'Bulk' }, operations: Array.from({ length: count }, (_, i) => operation(i)) });
    let ids: string[];

    beforeAll(async () => {
      ids = [];
      // Two at a time: each body is ~800 KB, and the machine is shared.
      for (let i = 0; i < SETS; i += 2) {
        const created = await Promise.all([i, i + 1].map((n) => send('POST', '/change-sets', createBody(`Bulk ${n}`, OPERATIONS))));
        for (const response of created) {
          expect(response.status).toBe(201);
          ids.push(response.body.id);
        }
      }
    }, 170_000);

    it('GET /change-sets answers 200 with each set embedding its first 100 operations and operationCount', async () => {
      for (const path of ['/change-sets', '/change-sets?limit=50', '/change-sets?limit=10']) {
        const response = await send('GET', path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        const bulk = response.body.filter((set: { title: string }) => set.title.startsWith('Bulk'));
        expect(bulk.length).toBeGreaterThanOrEqual(Math.min(10, SETS));
        for (const set of bulk) {
          expect(set.operationCount).toBe(OPERATIONS);
          expect(set.operations).toHaveLength(LIST_EMBEDDED_OPERATIONS);
          expect(set.operations[0].changes[0].newValue).toBe('Linen 0');
        }
      }
      const one = await send('GET', '/change-sets?limit=1');
      expect(one.status).toBe(200);
      expect(one.bytes).toBeLessThan(64 * 1024);
    });

    it('ordinary sets keep the seed shape: every operation embedded', async () => {
      const response = await send('GET', '/change-sets?status=pending_approval');
      expect(response.body).toEqual([expect.objectContaining({ id: 'cs-agent-enrichment', operationCount: 3 })]);
      expect(response.body[0].operations.map((op: { id: string }) => op.id)).toEqual(['cop-enrich-1', 'cop-enrich-2', 'cop-enrich-3']);
    });

    it('GET /change-sets/:id/operations pages through all 7,000 in order with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await send('GET', `/change-sets/${ids[0]}/operations?limit=${OPERATION_PAGE_MAX_LIMIT}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        expect(response.body.total).toBe(OPERATIONS);
        expect(response.body.items.length).toBeLessThanOrEqual(OPERATION_PAGE_MAX_LIMIT);
        for (const item of response.body.items) seen.push(item.changes[0].newValue);
        cursor = response.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      expect(pages).toBe(OPERATIONS / OPERATION_PAGE_MAX_LIMIT);
      expect(seen).toEqual(Array.from({ length: OPERATIONS }, (_, i) => `Linen ${i}`));
    });

    it('refuses a limit over 500, a cursor it did not give, and an unknown set', async () => {
      expect((await send('GET', `/change-sets/${ids[0]}/operations?limit=501`)).body).toMatchObject({ code: 'validation-failed', details: [{ field: 'limit' }] });
      expect((await send('GET', `/change-sets/${ids[0]}/operations?cursor=nonsense`)).body).toMatchObject({ code: 'validation-failed', details: [{ field: 'cursor' }] });
      expect((await send('GET', '/change-sets/cs_unknown123/operations')).status).toBe(404);
    });

    it('writes and reads of a large set answer its summary; a full read past the bus limit is a 413 saying to page, never a 500; the set still reads page by page', async () => {
      // Incompressible values: 7,200 operations of 256 random characters are past 1 MB even gzipped.
      const random = (count: number, bytes = 192) => Array.from({ length: count }, (_, i) => operation(i, randomBytes(bytes).toString('base64')));
      const created = await send('POST', '/change-sets', JSON.stringify({ title: 'Random', source: { type: 'agent', name: 'Bulk' }, operations: random(2400) }));
      expect(created.status).toBe(201);
      const id = created.body.id;
      const answers = [];
      for (let i = 0; i < 2; i += 1) answers.push(await send('PUT', `/change-sets/${id}`, JSON.stringify({ operations: random(2400) })));
      // Writes on a set past 200 operations answer its summary, not its operations: they stay small.
      const last = answers[answers.length - 1];
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ operations: [], operationsOmitted: true, operationSummary: expect.objectContaining({ pending: 7200 }) });
      // So does a read past 1,000 operations.
      const summary = await send('GET', `/change-sets/${id}`);
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ operations: [], operationsOmitted: true, operationCount: 7200, operationSummary: expect.objectContaining({ pending: 7200 }) });

      // A full read (1,000 operations of 1,600 random characters) that cannot fit the bus: 413 naming the paged endpoint.
      const heavy = await send('POST', '/change-sets', JSON.stringify({ title: 'Heavy', source: { type: 'agent', name: 'Bulk' }, operations: random(250, 1200) }));
      for (let i = 0; i < 3; i += 1) expect((await send('PUT', `/change-sets/${heavy.body.id}`, JSON.stringify({ operations: random(250, 1200) }))).status).toBe(200);
      const read = await send('GET', `/change-sets/${heavy.body.id}`);
      expect(read.status).toBe(413);
      expect(read.body).toMatchObject({ code: 'payload-too-large', message: expect.stringMatching(/carried out.*pages/) });
      expect(read.body.message).toContain('/change-sets/:id/operations');
      let cursor: string | undefined;
      let total = 0;
      do {
        const page = await send('GET', `/change-sets/${id}/operations?limit=${OPERATION_PAGE_MAX_LIMIT}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        total += page.body.items.length;
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(total).toBe(7200);
      const list = await send('GET', '/change-sets?limit=500');
      expect(list.status).toBe(200);
      expect(list.body.find((set: { id: string }) => set.id === id)).toMatchObject({ operationCount: 7200 });
    });
  });
});
