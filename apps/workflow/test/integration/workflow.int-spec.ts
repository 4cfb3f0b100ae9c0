import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import type { Actor, RecordDto, RpcReplyEnvelope, RpcRequest, RpcResponse, Subject, ValuesMap } from '@sigma/contracts';
import {
  createTestDatabase,
  type ServiceProcess,
  startServiceProcess,
  TEST_NATS_URL,
  type TestDatabase,
  uniqueSubjectPrefix,
} from '@sigma/testing';
import { startWorkflowService } from '../../src/bootstrap';

/**
 * The workflow service against a real records service, PostgreSQL and NATS: demo loading,
 * records' compare-and-set of the lifecycle state, the transition gates in PRODUCT.md order,
 * and completeness of a record whose state the workflow does not know.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const ADMIN: Actor = { userId: 'user-admin', roles: ['role-admin'] };
const EDITOR: Actor = { userId: 'user-editor', roles: ['role-editor'] };
const VIEWER: Actor = { userId: 'user-viewer', roles: ['role-viewer'] };

type Reply<S extends Subject> = RpcReplyEnvelope<RpcResponse<S>>;

describe('workflow service with records over NATS (integration)', () => {
  let database: TestDatabase;
  let prefix: string;
  let nats: NatsConnection;
  let db: Client;
  const apps: INestApplicationContext[] = [];
  // The records service runs beside the workflow service as its own process, as in production.
  const processes: ServiceProcess[] = [];
  const databases: TestDatabase[] = [];
  const prefixes: string[] = [];

  const serviceEnv = (url: string, subjectPrefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    LOG_LEVEL: 'error',
    ...extra,
  });

  const started = async (app: Promise<INestApplicationContext>) => {
    const context = await app;
    apps.push(context);
    return context;
  };

  const freshDatabase = async (label: string) => {
    const created = await createTestDatabase(label);
    databases.push(created);
    return created;
  };

  const freshPrefix = (label: string) => {
    const created = uniqueSubjectPrefix(label);
    prefixes.push(created);
    return created;
  };

  beforeAll(async () => {
    database = await freshDatabase('wfint');
    prefix = freshPrefix('wfint');
    nats = await connect({ servers: TEST_NATS_URL, name: 'workflow-int-spec' });
    db = new Client({ connectionString: database.url });
    await db.connect();
    processes.push(await startServiceProcess('records', { ...serviceEnv(database.url, prefix), OUTBOX_RELAY: 'false' }));
    await started(startWorkflowService(serviceEnv(database.url, prefix)));
  }, 60000);

  afterAll(async () => {
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        problems.push(error);
      }
    };
    for (const app of apps.reverse()) await attempt(() => app.close());
    for (const service of processes) await attempt(() => service.stop());
    await attempt(async () => db?.end());
    await attempt(async () => {
      if (!nats) return;
      const jsm = await nats.jetstreamManager();
      const names: string[] = [];
      for await (const name of jsm.streams.names()) names.push(name);
      for (const name of names.filter((candidate) => prefixes.some((used) => candidate.startsWith(`${used}_`))))
        await jsm.streams.delete(name);
    });
    await attempt(async () => nats?.close());
    for (const created of databases) await attempt(() => created.drop());
    if (problems.length) throw problems[0];
  }, 60000);

  /** One request over NATS with the envelope every service speaks; the raw reply envelope comes back. */
  async function call<S extends Subject>(
    subject: S,
    data: RpcRequest<S>,
    actor?: Actor,
    options: { requestId?: string; subjectPrefix?: string } = {},
  ): Promise<Reply<S>> {
    const envelope = { context: { requestId: options.requestId ?? `int-${randomUUID()}`, ...(actor && { actor }) }, data };
    const reply = await nats.request(`${options.subjectPrefix ?? prefix}.${subject}`, encoder.encode(JSON.stringify(envelope)), {
      timeout: 10000,
    });
    return JSON.parse(decoder.decode(reply.data)) as Reply<S>;
  }

  async function ok<S extends Subject>(subject: S, data: RpcRequest<S>, actor?: Actor): Promise<RpcResponse<S>> {
    const reply = await call(subject, data, actor);
    expect({ subject, reply }).toMatchObject({ reply: { ok: true } });
    return (reply as { ok: true; data: RpcResponse<S> }).data;
  }

  function errorOf(reply: Reply<Subject>): { code: string; message: string; details?: any } {
    expect(reply).toMatchObject({ ok: false });
    return (reply as { ok: false; error: { code: string; message: string; details?: unknown } }).error;
  }

  let skuCounter = 0;
  const createRecord = (values: ValuesMap = {}): Promise<RecordDto> =>
    ok(
      'records.record.create',
      { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: `INT-${++skuCounter}` }], ...values } },
      ADMIN,
    );

  const transitionedRows = async (id: string) =>
    (
      await db.query<{ envelope: any }>(
        `SELECT envelope FROM records.outbox WHERE aggregate_id = $1 AND type = 'records.record.transitioned' ORDER BY position`,
        [id],
      )
    ).rows.map((row) => row.envelope);

  const storedRecord = async (id: string) =>
    (await db.query<{ lifecycle_state_id: string; version: number }>('SELECT lifecycle_state_id, version FROM records.record WHERE id = $1', [id]))
      .rows[0];

  describe('demo workflow loading', () => {
    const workflowIds = async (client: Client) =>
      (await client.query<{ id: string }>('SELECT id FROM workflow.workflow ORDER BY id')).rows.map((row) => row.id);

    it('loads the demo workflow into the empty database at start', async () => {
      expect(await workflowIds(db)).toEqual(['workflow-apparel']);
      const listed = await ok('workflow.workflow.list', {}, VIEWER);
      expect(listed.map((workflow) => workflow.id)).toEqual(['workflow-apparel']);
    });

    it('does not load it again (nor overwrite an edited one) when the service starts again on the same database', async () => {
      await db.query(`UPDATE workflow.workflow SET name = 'Edited by an admin' WHERE id = 'workflow-apparel'`);
      try {
        const again = await started(startWorkflowService(serviceEnv(database.url, freshPrefix('wfagain'))));
        await again.close();
        apps.splice(apps.indexOf(again), 1);
        const rows = await db.query<{ id: string; name: string }>('SELECT id, name FROM workflow.workflow');
        expect(rows.rows).toEqual([{ id: 'workflow-apparel', name: 'Edited by an admin' }]);
      } finally {
        await db.query(`UPDATE workflow.workflow SET name = 'Apparel lifecycle' WHERE id = 'workflow-apparel'`);
      }
    }, 30000);

    it('loads it once when two instances start together on an empty database', async () => {
      const fresh = await freshDatabase('wfpair');
      const pairPrefix = freshPrefix('wfpair');
      const pair = await Promise.all([
        started(startWorkflowService(serviceEnv(fresh.url, pairPrefix))),
        started(startWorkflowService(serviceEnv(fresh.url, pairPrefix))),
      ]);
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      try {
        expect(await workflowIds(client)).toEqual(['workflow-apparel']);
      } finally {
        await client.end();
        for (const app of pair) {
          await app.close();
          apps.splice(apps.indexOf(app), 1);
        }
      }
    }, 30000);

    it('loads nothing with DEMO_DATA=false', async () => {
      const fresh = await freshDatabase('wfnodemo');
      const bare = freshPrefix('wfnodemo');
      const app = await started(startWorkflowService(serviceEnv(fresh.url, bare, { DEMO_DATA: 'false' })));
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      try {
        expect(await workflowIds(client)).toEqual([]);
        const listed = await call('workflow.workflow.list', {}, VIEWER, { subjectPrefix: bare });
        expect(listed).toEqual({ ok: true, data: [] });
      } finally {
        await client.end();
        await app.close();
        apps.splice(apps.indexOf(app), 1);
      }
    }, 30000);
  });

  describe('records.record.move-lifecycle-state (compare-and-set)', () => {
    const move = (id: string, fromStateId: string, toStateId: string, actor: Actor = EDITOR, requestId?: string) =>
      call('records.record.move-lifecycle-state', { id, fromStateId, toStateId, transitionId: 'trans-draft-to-review' }, actor, { requestId });

    it('lets exactly one of 20 concurrent moves from the same state win; the rest get conflict', async () => {
      const record = await createRecord();
      const replies = await Promise.all(Array.from({ length: 20 }, () => move(record.id, 'state-draft', 'state-review')));
      const winners = replies.filter((reply) => reply.ok);
      const losers = replies.filter((reply) => !reply.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(19);
      for (const loser of losers) {
        expect(errorOf(loser)).toMatchObject({ code: 'conflict', details: { currentStateId: 'state-review', fromStateId: 'state-draft' } });
      }
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: 'state-review', version: record.version + 1 });
      expect(await transitionedRows(record.id)).toHaveLength(1);
    });

    it('writes exactly one records.record.transitioned outbox row with the lifecycleState change, and bumps the version', async () => {
      const record = await createRecord({ material: [{ scope: {}, value: 'Wool' }] });
      const requestId = `int-move-${randomUUID()}`;
      const reply = await move(record.id, 'state-draft', 'state-review', EDITOR, requestId);
      expect(reply).toMatchObject({ ok: true });
      const moved = (reply as { ok: true; data: RecordDto }).data;
      expect(moved).toEqual({
        ...record,
        lifecycleStateId: 'state-review',
        version: record.version + 1,
        updatedBy: 'user-editor',
        updatedAt: expect.any(String),
      });
      expect(Date.parse(moved.updatedAt)).toBeGreaterThanOrEqual(Date.parse(record.updatedAt));
      expect(await ok('records.record.get', { id: record.id }, VIEWER)).toEqual(moved);
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: 'state-review', version: record.version + 1 });
      const rows = await transitionedRows(record.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        type: 'records.record.transitioned',
        aggregateId: record.id,
        sequence: record.version + 1,
        userId: 'user-editor',
        requestId,
      });
      expect(rows[0].payload).toEqual({
        schemaId: 'schema-apparel',
        transitionId: 'trans-draft-to-review',
        fromStateId: 'state-draft',
        toStateId: 'state-review',
        changes: [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: 'state-draft', newValue: 'state-review' }],
      });
    });

    it('changes nothing when the record is not in fromStateId, and answers not-found for an unknown record', async () => {
      const record = await createRecord();
      const stale = await move(record.id, 'state-review', 'state-published');
      expect(errorOf(stale)).toMatchObject({ code: 'conflict', details: { currentStateId: 'state-draft', fromStateId: 'state-review' } });
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: 'state-draft', version: record.version });
      expect(await transitionedRows(record.id)).toEqual([]);
      const missing = await move('ent-does-not-exist', 'state-draft', 'state-review');
      expect(errorOf(missing)).toMatchObject({ code: 'not-found' });
    });
  });

  describe('workflow.transition.run gates, in PRODUCT.md order (not-found, conflict, forbidden, gate-failed)', () => {
    const run = (entityId: string, transitionId: string, actor?: Actor) => call('workflow.transition.run', { entityId, transitionId }, actor);

    /** A shirt in review: complete for review's product-name and sku, far from complete for published. */
    const shirtInReview = async () => {
      const record = await createRecord({
        'product-name': [
          { scope: { 'dim-language': 'seg-da' }, value: 'Skjorte' },
          { scope: { 'dim-language': 'seg-de' }, value: 'Hemd' },
        ],
        price: [{ scope: { 'dim-market': 'seg-dk' }, value: 499 }],
        'garment-type': [{ scope: {}, value: 'shirt' }],
      });
      return ok('workflow.transition.run', { entityId: record.id, transitionId: 'trans-draft-to-review' }, EDITOR);
    };

    const expectUnchanged = async (record: RecordDto, transitionsBefore: number) => {
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: record.lifecycleStateId, version: record.version });
      expect(await transitionedRows(record.id)).toHaveLength(transitionsBefore);
    };

    it('not-found: an unknown record', async () => {
      expect(errorOf(await run('ent-does-not-exist', 'trans-draft-to-review', ADMIN))).toMatchObject({ code: 'not-found' });
    });

    it('not-found comes before forbidden: an unknown transition asked by a viewer', async () => {
      const record = await createRecord();
      const error = errorOf(await run(record.id, 'trans-nope', VIEWER));
      expect(error).toMatchObject({ code: 'not-found' });
      expect(error.message).toContain('trans-nope');
      await expectUnchanged(record, 0);
    });

    it('conflict comes before forbidden and gate-failed: a transition from another state, asked by a viewer', async () => {
      const record = await createRecord();
      const error = errorOf(await run(record.id, 'trans-review-to-published', VIEWER));
      expect(error).toEqual({
        code: 'conflict',
        message: expect.any(String),
        details: { currentStateId: 'state-draft', fromStateId: 'state-review' },
      });
      await expectUnchanged(record, 0);
    });

    it('forbidden comes before gate-failed: publishing an incomplete record without an allowed role', async () => {
      const record = await shirtInReview();
      for (const actor of [VIEWER, { userId: 'user-reviewer', roles: ['role-reviewer'] } as Actor, undefined]) {
        const error = errorOf(await run(record.id, 'trans-review-to-published', actor));
        expect({ actor, error }).toMatchObject({ error: { code: 'forbidden', details: { allowedRoleIds: ['role-admin', 'role-editor'] } } });
      }
      expect(errorOf(await run(record.id, 'trans-review-to-draft', EDITOR))).toMatchObject({
        code: 'forbidden',
        details: { allowedRoleIds: ['role-admin'] },
      });
      await expectUnchanged(record, 1);
    });

    it('gate-failed: an allowed role publishing an incomplete record gets the missing slots; once filled, it publishes', async () => {
      const record = await shirtInReview();
      const error = errorOf(await run(record.id, 'trans-review-to-published', EDITOR));
      expect(error.code).toBe('gate-failed');
      // Published: product-name x2 + sku + price x2 + description x2 + material + sleeve-length (visible: a shirt) = 9 slots, 4 filled.
      expect(error.details).toMatchObject({ percentage: 44, filled: 4, total: 9 });
      const byAliasAndScope = (a: { attributeAlias: string; scope: object }, b: { attributeAlias: string; scope: object }) =>
        `${a.attributeAlias}${JSON.stringify(a.scope)}`.localeCompare(`${b.attributeAlias}${JSON.stringify(b.scope)}`);
      expect([...error.details.missing].sort(byAliasAndScope)).toEqual(
        [
          { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' } },
          { attributeAlias: 'description', scope: { 'dim-language': 'seg-da' } },
          { attributeAlias: 'description', scope: { 'dim-language': 'seg-de' } },
          { attributeAlias: 'material', scope: {} },
          { attributeAlias: 'sleeve-length', scope: {} },
        ].sort(byAliasAndScope),
      );
      await expectUnchanged(record, 1);

      const filled = await ok(
        'records.record.update',
        {
          id: record.id,
          values: {
            price: [
              { scope: { 'dim-market': 'seg-dk' }, value: 499 },
              { scope: { 'dim-market': 'seg-de' }, value: 69 },
            ],
            description: [
              { scope: { 'dim-language': 'seg-da' }, value: 'En skjorte' },
              { scope: { 'dim-language': 'seg-de' }, value: 'Ein Hemd' },
            ],
            material: [{ scope: {}, value: 'Cotton' }],
            'sleeve-length': [{ scope: {}, value: 'long' }],
          },
        },
        EDITOR,
      );
      const published = await ok('workflow.transition.run', { entityId: record.id, transitionId: 'trans-review-to-published' }, EDITOR);
      expect(published).toMatchObject({ id: record.id, lifecycleStateId: 'state-published', version: filled.version + 1 });
      const rows = await transitionedRows(record.id);
      expect(rows.map((row) => row.payload.changes)).toEqual([
        [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: 'state-draft', newValue: 'state-review' }],
        [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: 'state-review', newValue: 'state-published' }],
      ]);
    });
  });

  describe('a record in a state the workflow does not know', () => {
    let record: RecordDto;

    beforeAll(async () => {
      record = await createRecord({
        'product-name': [
          { scope: { 'dim-language': 'seg-da' }, value: 'Gammel' },
          { scope: { 'dim-language': 'seg-de' }, value: 'Alt' },
        ],
      });
      // As left behind by an older workflow definition or an import.
      await db.query(`UPDATE records.record SET lifecycle_state_id = 'state-legacy' WHERE id = $1`, [record.id]);
    });

    it('cannot be scored against its own state: the error names the state', async () => {
      const error = errorOf(await call('workflow.completeness.get', { entityId: record.id }, VIEWER));
      expect(error.code).toBe('validation-failed');
      expect(error.message).toContain('state-legacy');
      expect(error.details).toEqual([expect.objectContaining({ field: 'lifecycleStateId', rule: 'exists' })]);
    });

    it('is scored normally against a state the workflow knows', async () => {
      const score = await ok('workflow.completeness.get', { entityId: record.id, lifecycleStateId: 'state-draft' }, VIEWER);
      expect(score).toEqual({ entityId: record.id, lifecycleStateId: 'state-draft', filled: 3, total: 3, percentage: 100, missing: [] });
    });

    it('has no available transitions, and running one is a conflict naming its current state', async () => {
      expect(await ok('workflow.transition.list-available', { entityId: record.id }, VIEWER)).toEqual([]);
      const error = errorOf(await call('workflow.transition.run', { entityId: record.id, transitionId: 'trans-draft-to-review' }, ADMIN));
      expect(error).toMatchObject({ code: 'conflict', details: { currentStateId: 'state-legacy', fromStateId: 'state-draft' } });
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: 'state-legacy', version: record.version });
    });
  });
});
