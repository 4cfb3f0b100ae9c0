import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { APPLY_PROGRESSED_SUBJECT, type ApplyProgressed } from '@sigma/contracts';
import { prefixSubject } from '@sigma/messaging';
import { type ApiResponse, startTestSystem, TEST_NATS_URL, type TestSystem } from '@sigma/testing';

/**
 * Apply past the quick-answer window: 202 with a Location to poll, the set `applying` with
 * progress that grows (on the set and as events), ending applied with one audit entry per
 * operation. A small set still answers 200 with the seed's summary. The window is set small
 * (APPLY_QUICK_ANSWER_MS), and the test holds a row lock on a record of a later chunk until it has
 * seen the apply part done, so the large set outlasts the window however fast the machine is.
 */
jest.setTimeout(240_000);

const N = 2000;
const WINDOW_MS = 1500;
/** Operations the apply sends to records per request (the apply job's default chunk). */
const CHUNK = 500;
/** The record whose lock holds the apply in its third chunk. */
const BLOCKED = 1200;

describe('change sets API: apply at scale with progress (e2e)', () => {
  let system: TestSystem;
  let pg: Client;
  let nats: NatsConnection;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const expectStatus = (response: ApiResponse, status: number) =>
    expect({ status: response.status, body: response.status === status ? undefined : response.body }).toEqual({ status, body: undefined });

  /** A set of `operations`, submitted and approved. */
  async function approvedSet(title: string, operations: unknown[]): Promise<string> {
    const created = await as('editor', 'POST', '/change-sets', { title, source: { type: 'integration', id: 'erp', name: 'ERP' }, operations });
    expectStatus(created, 201);
    expectStatus(await as('editor', 'POST', `/change-sets/${created.body.id}/submit`), 200);
    expectStatus(await as('reviewer', 'POST', `/change-sets/${created.body.id}/approve`), 200);
    return created.body.id as string;
  }

  /** POST …/apply until it answers 200 (202 while it runs on). */
  async function applyToEnd(id: string): Promise<ApiResponse> {
    for (;;) {
      const response = await as('reviewer', 'POST', `/change-sets/${id}/apply`);
      if (response.status !== 202) return response;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-apply-progress', env: { APPLY_QUICK_ANSWER_MS: String(WINDOW_MS) } });
    pg = new Client({ connectionString: system.database.url });
    await pg.connect();
    nats = await connect({ servers: TEST_NATS_URL });
  }, 120_000);

  afterAll(async () => {
    await nats?.close();
    await pg?.end();
    await system?.stop();
  }, 60_000);

  it('a small set still answers 200 with the summary, as the seed', async () => {
    const id = await approvedSet('Small apply', [
      { type: 'update', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Linen' }] },
    ]);
    const applied = await as('reviewer', 'POST', `/change-sets/${id}/apply`);
    expectStatus(applied, 200);
    expect(applied.body).toEqual({ applied: 1, skipped: 0, errors: [] });
    expect(applied.headers.get('location')).toBeNull();
    expect((await as('viewer', 'GET', `/change-sets/${id}`)).body).toMatchObject({
      status: 'applied',
      applyProgress: { done: 1, applied: 1, failed: 0, total: 1 },
    });
  });

  it(`a set of ${N} operations answers 202 with a Location, shows growing progress while applying, and ends applied with one audit entry per operation`, async () => {
    // N records to update, made by one change set of creates (itself applied past the window).
    const skus = Array.from({ length: N }, (_, i) => `PRG-${String(i).padStart(5, '0')}`);
    const setup = await approvedSet(
      'Progress test records',
      skus.map((sku) => ({ type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: sku }, { attributeAlias: 'material', newValue: 'Cotton' }] })),
    );
    const created = await applyToEnd(setup);
    expectStatus(created, 200);
    expect(created.body).toEqual({ applied: N, skipped: 0, errors: [] });
    const { rows } = await pg.query(`SELECT id FROM records.record WHERE values->'sku'->0->>'value' = ANY($1) ORDER BY id`, [skus]);
    expect(rows).toHaveLength(N);

    const id = await approvedSet(
      `Progress test: ${N} updates`,
      rows.map((row, i) => ({
        type: 'update',
        entityId: row.id,
        schemaId: 'schema-apparel',
        changes: [{ attributeAlias: 'material', oldValue: 'Cotton', newValue: `Linen ${i}` }],
      })),
    );
    const events: ApplyProgressed[] = [];
    const subscription = nats.subscribe(prefixSubject(system.subjectPrefix, APPLY_PROGRESSED_SUBJECT), {
      callback: (error, message) => {
        if (error) return;
        const event = message.json<ApplyProgressed>();
        if (event.changeSetId === id) events.push(event);
      },
    });

    // Records' transaction for the chunk holding this record waits on the lock: chunks before it are applied.
    const locker = new Client({ connectionString: system.database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM records.record WHERE id = $1 FOR UPDATE', [rows[BLOCKED].id]);
    let accepted!: ApiResponse;
    const seen: { status: string; done: number; applied: number; failed: number; total: number }[] = [];
    try {
      accepted = await as('reviewer', 'POST', `/change-sets/${id}/apply`);
      expectStatus(accepted, 202);
      const held = Date.now() + 60_000;
      for (;;) {
        const polled = await as('viewer', 'GET', `/change-sets/${id}`);
        expectStatus(polled, 200);
        seen.push({ status: polled.body.status, ...polled.body.applyProgress });
        if (polled.body.applyProgress?.done >= CHUNK) break;
        if (Date.now() > held) throw new Error(`the first chunk was not confirmed: ${JSON.stringify(polled.body.applyProgress)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await locker.query('COMMIT').catch(() => undefined);
      await locker.end();
    }
    expect(accepted.headers.get('location')).toBe(`/api/v1/change-sets/${id}`);
    expect(accepted.body).toMatchObject({ changeSetId: id, status: 'applying', applyProgress: { total: N } });
    expect(accepted.body.applyProgress.done).toBeLessThan(N);

    // Poll the Location until the apply ends (from the part done while the lock was held).
    const location = (accepted.headers.get('location') as string).replace(/^\/api\/v1/, '');
    const deadline = Date.now() + 180_000;
    for (;;) {
      const polled = await as('viewer', 'GET', location);
      expectStatus(polled, 200);
      seen.push({ status: polled.body.status, ...polled.body.applyProgress });
      if (polled.body.status !== 'applying') break;
      if (Date.now() > deadline) throw new Error(`apply still running: ${JSON.stringify(seen.at(-1))}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    subscription.unsubscribe();

    const running = seen.filter((sample) => sample.status === 'applying');
    expect(running.length).toBeGreaterThan(0);
    // Progress never goes back, and grows while the set is applying.
    const dones = seen.map((sample) => sample.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(running[0].done).toBeLessThan(N);
    // Part done while applying (the chunks before the locked record), then all of it.
    expect(running.some((sample) => sample.done > 0 && sample.done < N)).toBe(true);
    expect(seen.every((sample) => sample.total === N && sample.done === sample.applied + sample.failed)).toBe(true);
    expect(seen.at(-1)).toEqual({ status: 'applied', done: N, applied: N, failed: 0, total: N });

    // The same progress as events on NATS, ending at N.
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toEqual({ changeSetId: id, done: N, applied: N, failed: 0, total: N });

    // Repeating the POST answers the stored result.
    const repeated = await as('reviewer', 'POST', `/change-sets/${id}/apply`);
    expectStatus(repeated, 200);
    expect(repeated.body).toEqual({ applied: N, skipped: 0, errors: [] });

    // One audit entry per operation, and every record written.
    const { rows: audit } = await pg.query(
      'SELECT count(*)::int AS entries, count(DISTINCT operation_id)::int AS operations FROM audit.audit_entry WHERE change_set_id = $1',
      [id],
    );
    expect(audit[0]).toEqual({ entries: N, operations: N });
    const { rows: written } = await pg.query(`SELECT count(*)::int AS n FROM records.record WHERE values->'material'->0->>'value' LIKE 'Linen %' AND id = ANY($1)`, [
      rows.map((row) => row.id),
    ]);
    expect(written[0].n).toBe(N);
  });

  it('apply of a set that is not approved is still 409', async () => {
    const created = await as('editor', 'POST', '/change-sets', { title: 'Draft', source: { type: 'user', name: 'x' }, operations: [] });
    const refused = await as('reviewer', 'POST', `/change-sets/${created.body.id}/apply`);
    expectStatus(refused, 409);
    expect(refused.body.details).toEqual({ status: 'draft', allowed: ['approved', 'applying'] });
  });
});
