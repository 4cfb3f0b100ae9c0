import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Actor, RecordDto, ValuesMap } from '@sigma/contracts';
import { ADMIN, EDITOR, VIEWER, WorkflowIntBed } from './workflow-int-bed';

/**
 * The workflow service against a real records service, PostgreSQL and NATS: demo loading,
 * records' compare-and-set of the lifecycle state, the transition gates in docs/product-decisions.md order,
 * and completeness of a record whose state the workflow does not know.
 */

describe('workflow service with records over NATS (integration)', () => {
  let bed: WorkflowIntBed;

  beforeAll(async () => {
    bed = await WorkflowIntBed.start();
  }, 60000);

  afterAll(async () => {
    await bed?.stop();
  }, 60000);

  let skuCounter = 0;
  const createRecord = (values: ValuesMap = {}): Promise<RecordDto> =>
    bed.ok(
      'records.record.create',
      { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: `INT-${++skuCounter}` }], ...values } },
      ADMIN,
    );

  const transitionedRows = async (id: string) =>
    (
      await bed.db.query<{ envelope: any }>(
        `SELECT envelope FROM records.outbox WHERE aggregate_id = $1 AND type = 'records.record.transitioned' ORDER BY position`,
        [id],
      )
    ).rows.map((row) => row.envelope);

  const storedRecord = async (id: string) =>
    (await bed.db.query<{ lifecycle_state_id: string; version: number }>('SELECT lifecycle_state_id, version FROM records.record WHERE id = $1', [id]))
      .rows[0];

  describe('demo workflow loading', () => {
    const workflowIds = async (client: Client) =>
      (await client.query<{ id: string }>('SELECT id FROM workflow.workflow ORDER BY id')).rows.map((row) => row.id);

    it('loads the demo workflow into the empty database at start', async () => {
      expect(await workflowIds(bed.db)).toEqual(['workflow-apparel']);
      const listed = await bed.ok('workflow.workflow.list', {}, VIEWER);
      expect(listed.map((workflow) => workflow.id)).toEqual(['workflow-apparel']);
    });

    it('does not load it again (nor overwrite an edited one) when the service starts again on the same database', async () => {
      await bed.db.query(`UPDATE workflow.workflow SET name = 'Edited by an admin' WHERE id = 'workflow-apparel'`);
      try {
        const again = await bed.startWorkflow(bed.serviceEnv(bed.database.url, bed.freshPrefix('wfagain')));
        await bed.close(again);
        const rows = await bed.db.query<{ id: string; name: string }>('SELECT id, name FROM workflow.workflow');
        expect(rows.rows).toEqual([{ id: 'workflow-apparel', name: 'Edited by an admin' }]);
      } finally {
        await bed.db.query(`UPDATE workflow.workflow SET name = 'Apparel lifecycle' WHERE id = 'workflow-apparel'`);
      }
    }, 30000);

    it('loads it once when two instances start together on an empty database', async () => {
      const fresh = await bed.freshDatabase('wfpair');
      const pairPrefix = bed.freshPrefix('wfpair');
      const pair = await Promise.all([
        bed.startWorkflow(bed.serviceEnv(fresh.url, pairPrefix)),
        bed.startWorkflow(bed.serviceEnv(fresh.url, pairPrefix)),
      ]);
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      try {
        expect(await workflowIds(client)).toEqual(['workflow-apparel']);
      } finally {
        await client.end();
        for (const app of pair) {
          await bed.close(app);
        }
      }
    }, 30000);

    it('loads nothing with DEMO_DATA=false', async () => {
      const fresh = await bed.freshDatabase('wfnodemo');
      const bare = bed.freshPrefix('wfnodemo');
      const app = await bed.startWorkflow(bed.serviceEnv(fresh.url, bare, { DEMO_DATA: 'false' }));
      const client = new Client({ connectionString: fresh.url });
      await client.connect();
      try {
        expect(await workflowIds(client)).toEqual([]);
        const listed = await bed.call('workflow.workflow.list', {}, VIEWER, { subjectPrefix: bare });
        expect(listed).toEqual({ ok: true, data: [] });
      } finally {
        await client.end();
        await bed.close(app);
      }
    }, 30000);
  });

  describe('records.record.move-lifecycle-state (compare-and-set)', () => {
    const move = (id: string, fromStateId: string, toStateId: string, actor: Actor = EDITOR, requestId?: string) =>
      bed.call('records.record.move-lifecycle-state', { id, fromStateId, toStateId, transitionId: 'trans-draft-to-review' }, actor, { requestId });

    it('lets exactly one of 20 concurrent moves from the same state win; the rest get conflict', async () => {
      const record = await createRecord();
      const replies = await Promise.all(Array.from({ length: 20 }, () => move(record.id, 'state-draft', 'state-review')));
      const winners = replies.filter((reply) => reply.ok);
      const losers = replies.filter((reply) => !reply.ok);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(19);
      for (const loser of losers) {
        expect(bed.errorOf(loser)).toMatchObject({ code: 'conflict', details: { currentStateId: 'state-review', fromStateId: 'state-draft' } });
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
      expect(await bed.ok('records.record.get', { id: record.id }, VIEWER)).toEqual(moved);
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
      expect(bed.errorOf(stale)).toMatchObject({ code: 'conflict', details: { currentStateId: 'state-draft', fromStateId: 'state-review' } });
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: 'state-draft', version: record.version });
      expect(await transitionedRows(record.id)).toEqual([]);
      const missing = await move('ent-does-not-exist', 'state-draft', 'state-review');
      expect(bed.errorOf(missing)).toMatchObject({ code: 'not-found' });
    });
  });

  describe('workflow.transition.run gates, in docs/product-decisions.md order (not-found, conflict, forbidden, gate-failed)', () => {
    const run = (entityId: string, transitionId: string, actor?: Actor) => bed.call('workflow.transition.run', { entityId, transitionId }, actor);

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
      return bed.ok('workflow.transition.run', { entityId: record.id, transitionId: 'trans-draft-to-review' }, EDITOR);
    };

    const expectUnchanged = async (record: RecordDto, transitionsBefore: number) => {
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: record.lifecycleStateId, version: record.version });
      expect(await transitionedRows(record.id)).toHaveLength(transitionsBefore);
    };

    it('not-found: an unknown record', async () => {
      expect(bed.errorOf(await run('ent-does-not-exist', 'trans-draft-to-review', ADMIN))).toMatchObject({ code: 'not-found' });
    });

    it('not-found comes before forbidden: an unknown transition asked by a viewer', async () => {
      const record = await createRecord();
      const error = bed.errorOf(await run(record.id, 'trans-nope', VIEWER));
      expect(error).toMatchObject({ code: 'not-found' });
      expect(error.message).toContain('trans-nope');
      await expectUnchanged(record, 0);
    });

    it('conflict comes before forbidden and gate-failed: a transition from another state, asked by a viewer', async () => {
      const record = await createRecord();
      const error = bed.errorOf(await run(record.id, 'trans-review-to-published', VIEWER));
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
        const error = bed.errorOf(await run(record.id, 'trans-review-to-published', actor));
        expect({ actor, error }).toMatchObject({ error: { code: 'forbidden', details: { allowedRoleIds: ['role-admin', 'role-editor'] } } });
      }
      expect(bed.errorOf(await run(record.id, 'trans-review-to-draft', EDITOR))).toMatchObject({
        code: 'forbidden',
        details: { allowedRoleIds: ['role-admin'] },
      });
      await expectUnchanged(record, 1);
    });

    it('gate-failed: an allowed role publishing an incomplete record gets the missing slots; once filled, it publishes', async () => {
      const record = await shirtInReview();
      const error = bed.errorOf(await run(record.id, 'trans-review-to-published', EDITOR));
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

      const filled = await bed.ok(
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
      const published = await bed.ok('workflow.transition.run', { entityId: record.id, transitionId: 'trans-review-to-published' }, EDITOR);
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
      await bed.db.query(`UPDATE records.record SET lifecycle_state_id = 'state-legacy' WHERE id = $1`, [record.id]);
    });

    it('cannot be scored against its own state: the error names the state', async () => {
      const error = bed.errorOf(await bed.call('workflow.completeness.get', { entityId: record.id }, VIEWER));
      expect(error.code).toBe('validation-failed');
      expect(error.message).toContain('state-legacy');
      expect(error.details).toEqual([expect.objectContaining({ field: 'lifecycleStateId', rule: 'exists' })]);
    });

    it('is scored normally against a state the workflow knows', async () => {
      const score = await bed.ok('workflow.completeness.get', { entityId: record.id, lifecycleStateId: 'state-draft' }, VIEWER);
      expect(score).toEqual({ entityId: record.id, lifecycleStateId: 'state-draft', filled: 3, total: 3, percentage: 100, missing: [] });
    });

    it('has no available transitions, and running one is a conflict naming its current state', async () => {
      expect(await bed.ok('workflow.transition.list-available', { entityId: record.id }, VIEWER)).toEqual([]);
      const error = bed.errorOf(await bed.call('workflow.transition.run', { entityId: record.id, transitionId: 'trans-draft-to-review' }, ADMIN));
      expect(error).toMatchObject({ code: 'conflict', details: { currentStateId: 'state-legacy', fromStateId: 'state-draft' } });
      expect(await storedRecord(record.id)).toEqual({ lifecycle_state_id: 'state-legacy', version: record.version });
    });
  });
});
