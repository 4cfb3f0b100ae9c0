import { MAX_REPORTED_ISSUES, TOO_MANY_ISSUES_RULE } from '@sigma/contracts';
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
});
