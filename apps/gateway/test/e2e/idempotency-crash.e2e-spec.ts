import { Client } from 'pg';
import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Idempotency-Key when the first attempt's answer is lost: the gateway gives up (504) or dies
 * (SIGKILL) while records still commits the write. The key is stored by that same commit, so the
 * retry gets the first result and no second record appears.
 */
jest.setTimeout(180000);

describe('Idempotency-Key across timeouts and a gateway crash (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    // A short service timeout, so a held table lock turns the first attempt into a 504 quickly.
    system = await startTestSystem({ label: 'idem-crash', env: { NATS_REQUEST_TIMEOUT_MS: '1500' } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const body = (sku: string) => ({ schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }] } });
  const post = async (sku: string, key: string) =>
    system.api.request('POST', '/records', { body: body(sku), token: await system.api.token('editor'), headers: { 'idempotency-key': key } });
  const recordsWithSku = async (sku: string) => {
    const client = new Client({ connectionString: system.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT id FROM records.record WHERE "values"->'sku'->0->>'value' = $1`, [sku]);
      return rows.map((row: { id: string }) => row.id);
    } finally {
      await client.end();
    }
  };
  /** Holds a lock on records.record that blocks inserts (reads still pass) until released. */
  const lockRecordTable = async () => {
    const client = new Client({ connectionString: system.database.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE records.record IN EXCLUSIVE MODE');
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  };
  const eventuallyOne = async (sku: string) => {
    for (let i = 0; i < 100; i++) {
      const ids = await recordsWithSku(sku);
      if (ids.length > 0) return ids;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return recordsWithSku(sku);
  };

  it('a retry after a 504 returns the record the first attempt committed', async () => {
    await system.api.token('editor');
    const release = await lockRecordTable();
    let first;
    try {
      first = await post('IDEM-TIMEOUT', 'key-timeout');
    } finally {
      await release();
    }
    expect(first.status).toBe(504);
    const [id] = await eventuallyOne('IDEM-TIMEOUT');
    const retry = await post('IDEM-TIMEOUT', 'key-timeout');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(id);
    expect(await recordsWithSku('IDEM-TIMEOUT')).toEqual([id]);
  });

  it('a retry after the gateway was killed mid-request returns the first result, once the gateway is back', async () => {
    await system.api.token('editor');
    const release = await lockRecordTable();
    const lost = post('IDEM-KILL', 'key-kill').then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.message,
    );
    // The request reaches records and waits on the lock; then its gateway dies.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await system.service('gateway').kill('SIGKILL');
    await release();
    // The connection died with the gateway: the client never learned the outcome.
    expect(await lost).toMatch(/fetch failed|socket|terminated/i);
    const [id] = await eventuallyOne('IDEM-KILL');
    await system.restart('gateway');
    const retry = await post('IDEM-KILL', 'key-kill');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(id);
    const again = await post('IDEM-KILL', 'key-kill');
    expect(again.body.id).toBe(id);
    expect(await recordsWithSku('IDEM-KILL')).toEqual([id]);
  });
});
