import { startTestSystem, type TestSystem } from '@sigma/testing';
import { Client } from 'pg';
import {
  type StateBody,
  type TransitionBody,
  type WorkflowBody,
  type WorkflowRead,
  ISO_UTC,
  demoWorkflow,
  footwearWorkflow,
  normalized,
  outcome,
} from '../support/workflow-fixtures';

/**
 * Workflow admin endpoints (/api/v1/workflows): the demo workflow as docs/product-decisions.md describes it,
 * admin-only writes, validation that names the field and changes nothing, and the effects of
 * an update on records (states still holding records, completeness, the initial state).
 * Completeness scoring and transition gates themselves are covered in lifecycle.e2e-spec.ts.
 */

describe('workflow admin endpoints (e2e)', () => {
  let system: TestSystem;
  let db: Client;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'workflows' });
    db = new Client({ connectionString: system.database.url });
    await db.connect();
  }, 60000);

  afterAll(async () => {
    await db?.end();
    await system?.stop();
  });

  const get = (user: string, path: string) => system.api.as(user, 'GET', path);
  const readDemo = async () => (await get('admin', '/workflows/workflow-apparel')).body as WorkflowRead;
  const listAll = async () => (await get('admin', '/workflows')).body as WorkflowRead[];
  /** A PUT body carries no id (the path names the workflow). */
  const asUpdate = ({ id: _id, ...body }: WorkflowBody): WorkflowBody => body;

  /**
   * A schema for a second workflow. POST /api/v1/schemas does not exist in the gateway yet, so the
   * row goes straight into the records service's tables (records reads schemas from the database).
   */
  async function createSchema(id: string, initialStateId: string): Promise<void> {
    await db.query(
      `INSERT INTO records.record_schema (id, name, description, initial_lifecycle_state_id) VALUES ($1, $2, $3, $4)`,
      [id, `Schema ${id}`, 'created by workflows.e2e-spec', initialStateId],
    );
    const attributes = [
      ['title', 'Title', 'text', []],
      ['size', 'Size', 'text', []],
      ['colour', 'Colour', 'text', ['dim-language']],
    ] as const;
    for (const [position, [alias, name, dataType, dimensionIds]] of attributes.entries()) {
      await db.query(
        `INSERT INTO records.attribute (schema_id, alias, name, data_type, dimension_ids, rules, guard, position)
         VALUES ($1, $2, $3, $4, $5, '{}'::jsonb, NULL, $6)`,
        [id, alias, name, dataType, dimensionIds, position],
      );
    }
  }

  async function createApparelRecord(sku: string): Promise<string> {
    const response = await system.api.as('editor', 'POST', '/records', {
      schemaId: 'schema-apparel',
      values: { sku: [{ scope: {}, value: sku }] },
    });
    expect(outcome(response)).toMatchObject({ status: 201 });
    return response.body.id as string;
  }

  describe('reading', () => {
    it.each(['admin', 'editor', 'reviewer', 'viewer', 'agent'])('lists the demo workflow exactly as docs/product-decisions.md describes it (as %s)', async (user) => {
      const response = await get(user, '/workflows');
      expect(outcome(response)).toMatchObject({ status: 200 });
      expect(response.body).toHaveLength(1);
      const [workflow] = response.body;
      const { createdAt, updatedAt, ...definition } = workflow;
      expect(normalized(definition)).toEqual(normalized({ id: 'workflow-apparel', ...demoWorkflow() }));
      expect(createdAt).toMatch(ISO_UTC);
      expect(updatedAt).toMatch(ISO_UTC);
    });

    it.each(['viewer', 'agent'])('gets the demo workflow by id, the same document the list shows (as %s)', async (user) => {
      const one = await get(user, '/workflows/workflow-apparel');
      expect(outcome(one)).toMatchObject({ status: 200 });
      const listed = await get(user, '/workflows');
      expect(one.body).toEqual(listed.body[0]);
      const publish = one.body.transitions.find((transition: TransitionBody) => transition.id === 'trans-review-to-published');
      expect(publish).toEqual({
        id: 'trans-review-to-published',
        fromStateId: 'state-review',
        toStateId: 'state-published',
        name: 'Publish',
        allowedRoleIds: ['role-admin', 'role-editor'],
        requiresCompleteness: true,
      });
    });

    it('filters the list by schemaId', async () => {
      const apparel = await get('viewer', '/workflows?schemaId=schema-apparel');
      expect(outcome(apparel)).toMatchObject({ status: 200 });
      expect(apparel.body.map((workflow: { id: string }) => workflow.id)).toEqual(['workflow-apparel']);
      const none = await get('viewer', '/workflows?schemaId=schema-nope');
      expect(outcome(none)).toMatchObject({ status: 200, body: [] });
    });

    it('answers 404 for an unknown workflow id', async () => {
      const response = await get('viewer', '/workflows/workflow-nope');
      expect(outcome(response)).toMatchObject({ status: 404, body: { statusCode: 404, code: 'not-found' } });
      expect(response.body.message).toContain('workflow-nope');
    });
  });

  describe('authorization', () => {
    it.each([
      ['GET', '/workflows'],
      ['GET', '/workflows/workflow-apparel'],
      ['POST', '/workflows'],
      ['PUT', '/workflows/workflow-apparel'],
    ])('answers 401 to %s %s without a token or with a bad one', async (method, path) => {
      const body = method === 'GET' ? undefined : { id: 'workflow-x', ...demoWorkflow() };
      const anonymous = await system.api.request(method, path, { body });
      expect(outcome(anonymous)).toMatchObject({ status: 401, body: { statusCode: 401, code: 'unauthorized' } });
      const forged = await system.api.request(method, path, { body, token: 'not.a.jwt' });
      expect(forged.status).toBe(401);
    });

    it.each(['editor', 'reviewer', 'viewer', 'agent'])('forbids %s to create or replace a workflow, and nothing changes', async (user) => {
      const before = await readDemo();
      const renamed = await system.api.as(user, 'PUT', '/workflows/workflow-apparel', { ...demoWorkflow(), name: 'Hijacked' });
      expect(outcome(renamed)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      const created = await system.api.as(user, 'POST', '/workflows', { ...footwearWorkflow(), id: `workflow-by-${user}` });
      expect(outcome(created)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect(await readDemo()).toEqual(before);
      expect((await get('admin', `/workflows/workflow-by-${user}`)).status).toBe(404);
    });
  });

  describe('validation (400 naming the field; nothing changes)', () => {
    type Mutation = (body: WorkflowBody) => WorkflowBody;
    const withTransition = (index: number, patch: Partial<TransitionBody>): Mutation => (body) => ({
      ...body,
      transitions: body.transitions.map((transition, i) => (i === index ? { ...transition, ...patch } : transition)),
    });
    const withState = (index: number, patch: Partial<StateBody>): Mutation => (body) => ({
      ...body,
      states: body.states.map((state, i) => (i === index ? { ...state, ...patch } : state)),
    });
    const without = (key: string): Mutation => (body) => {
      const copy: Record<string, unknown> = { ...body };
      delete copy[key];
      return copy as unknown as WorkflowBody;
    };

    /** [case, mutation of a valid body, the field the 400 must name, its rule (when it is ours)] */
    const cases: [string, Mutation, string, string | undefined][] = [
      ['a transition to an unknown state', withTransition(0, { toStateId: 'state-nowhere' }), 'transitions[0].toStateId', 'exists'],
      ['a transition from an unknown state', withTransition(1, { fromStateId: 'state-nowhere' }), 'transitions[1].fromStateId', 'exists'],
      ['an initialStateId that is not a state', (body) => ({ ...body, initialStateId: 'state-nowhere' }), 'initialStateId', 'exists'],
      [
        'an unknown required attribute',
        withState(1, { requiredAttributes: ['title', 'no-such-attribute'] }),
        'states[1].requiredAttributes[1]',
        'exists',
      ],
      ['an unknown role', withTransition(0, { allowedRoleIds: ['role-admin', 'role-janitor'] }), 'transitions[0].allowedRoleIds[1]', 'exists'],
      ['a duplicate state id', withState(1, { id: 'state-new' }), 'states[1].id', 'unique'],
      ['an extra top-level property', (body) => ({ ...body, colour: 'blue' }) as WorkflowBody, 'colour', 'unknown-property'],
      [
        'an extra property inside a state',
        (body) => ({ ...body, states: [{ ...body.states[0], colour: 'blue' } as StateBody, ...body.states.slice(1)] }),
        'states[0].colour',
        'unknown-property',
      ],
      ['a missing name', without('name'), 'name', undefined],
      ['a missing initialStateId', without('initialStateId'), 'initialStateId', undefined],
      ['missing states', without('states'), 'states', undefined],
      ['missing transitions', without('transitions'), 'transitions', undefined],
      ['an empty state list', (body) => ({ ...body, states: [], transitions: [] }), 'states', undefined],
      [
        'a transition without requiresCompleteness',
        (body) => {
          const { requiresCompleteness: _dropped, ...rest } = body.transitions[0];
          return { ...body, transitions: [rest as TransitionBody, ...body.transitions.slice(1)] };
        },
        'transitions[0].requiresCompleteness',
        undefined,
      ],
    ];

    beforeAll(async () => {
      await createSchema('schema-footwear', 'state-new');
    });

    it.each(cases)('rejects a POST with %s', async (_case, mutate, field, rule) => {
      const countBefore = (await listAll()).length;
      const response = await system.api.as('admin', 'POST', '/workflows', mutate(footwearWorkflow()));
      expect(outcome(response)).toMatchObject({ status: 400, body: { statusCode: 400, code: 'validation-failed' } });
      expect(response.body.details).toContainEqual(expect.objectContaining(rule ? { field, rule } : { field }));
      expect((await get('admin', '/workflows/workflow-footwear')).status).toBe(404);
      expect(await listAll()).toHaveLength(countBefore);
    });

    it.each(cases.filter(([name]) => name !== 'an unknown required attribute' && name !== 'a duplicate state id'))(
      'rejects a PUT of the demo workflow with %s',
      async (_case, mutate, field, rule) => {
        const before = await readDemo();
        const response = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', mutate(demoWorkflow()));
        expect(outcome(response)).toMatchObject({ status: 400, body: { code: 'validation-failed' } });
        expect(response.body.details).toContainEqual(expect.objectContaining(rule ? { field, rule } : { field }));
        expect(await readDemo()).toEqual(before);
      },
    );

    it('rejects a PUT requiring an attribute schema-apparel does not have, naming the alias', async () => {
      const before = await readDemo();
      const response = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', withState(2, {
        requiredAttributes: ['product-name', 'heel-height'],
      })(demoWorkflow()));
      expect(outcome(response)).toMatchObject({ status: 400 });
      expect(response.body.details).toContainEqual(
        expect.objectContaining({ field: 'states[2].requiredAttributes[1]', rule: 'exists', attributeAlias: 'heel-height' }),
      );
      expect(await readDemo()).toEqual(before);
    });

    it('rejects a PUT defining a state twice', async () => {
      const before = await readDemo();
      const body = demoWorkflow();
      body.states.push({ id: 'state-review', name: 'Review again', requiredAttributes: [] });
      const response = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', body);
      expect(outcome(response)).toMatchObject({ status: 400 });
      expect(response.body.details).toContainEqual(expect.objectContaining({ field: 'states[3].id', rule: 'unique' }));
      expect(await readDemo()).toEqual(before);
    });

    it('rejects moving a workflow to another schema, an id in the PUT body, and an unknown schema on POST', async () => {
      const before = await readDemo();
      const moved = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', { ...demoWorkflow(), schemaId: 'schema-footwear' });
      expect(outcome(moved)).toMatchObject({ status: 400 });
      expect(moved.body.details).toContainEqual(expect.objectContaining({ field: 'schemaId' }));
      const withId = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', { ...demoWorkflow(), id: 'workflow-other' });
      expect(outcome(withId)).toMatchObject({ status: 400 });
      expect(withId.body.details).toContainEqual(expect.objectContaining({ field: 'id', rule: 'unknown-property' }));
      expect(await readDemo()).toEqual(before);
      const orphan = await system.api.as('admin', 'POST', '/workflows', { ...footwearWorkflow(), id: 'workflow-orphan', schemaId: 'schema-nope' });
      expect(outcome(orphan)).toMatchObject({ status: 400 });
      expect(orphan.body.details).toContainEqual(expect.objectContaining({ field: 'schemaId', rule: 'exists' }));
      expect((await get('admin', '/workflows/workflow-orphan')).status).toBe(404);
    });

    it('rejects a workflow id that is not a stable id', async () => {
      const response = await system.api.as('admin', 'POST', '/workflows', { ...footwearWorkflow(), id: 'Workflow Footwear' });
      expect(outcome(response)).toMatchObject({ status: 400 });
      expect(response.body.details).toContainEqual(expect.objectContaining({ field: 'id' }));
    });
  });

  describe('creating', () => {
    it('creates a workflow for a schema without one (201), readable by every role and in the schemaId filter', async () => {
      const body = footwearWorkflow();
      const response = await system.api.as('admin', 'POST', '/workflows', body);
      expect(outcome(response)).toMatchObject({ status: 201 });
      expect(response.body).toEqual({ ...body, createdAt: expect.stringMatching(ISO_UTC), updatedAt: expect.stringMatching(ISO_UTC) });
      const read = await get('agent', '/workflows/workflow-footwear');
      expect(read.body).toEqual(response.body);
      const filtered = await get('viewer', '/workflows?schemaId=schema-footwear');
      expect(filtered.body).toEqual([response.body]);
      expect((await listAll()).map((workflow) => workflow.id).sort()).toEqual(['workflow-apparel', 'workflow-footwear']);
    });

    it('answers 409 for a taken id, and for a schema that already has a workflow; nothing changes', async () => {
      await createSchema('schema-socks', 'state-new');
      const takenId = await system.api.as('admin', 'POST', '/workflows', { ...footwearWorkflow(), id: 'workflow-apparel', schemaId: 'schema-socks' });
      expect(outcome(takenId)).toMatchObject({ status: 409, body: { code: 'conflict', details: { workflowId: 'workflow-apparel' } } });
      const secondForSchema = await system.api.as('admin', 'POST', '/workflows', { ...footwearWorkflow(), id: 'workflow-footwear-2' });
      expect(outcome(secondForSchema)).toMatchObject({ status: 409, body: { code: 'conflict', details: { schemaId: 'schema-footwear' } } });
      const demoAgain = await system.api.as('admin', 'POST', '/workflows', { id: 'workflow-apparel-2', ...demoWorkflow() });
      expect(outcome(demoAgain)).toMatchObject({ status: 409, body: { details: { schemaId: 'schema-apparel' } } });
      expect((await listAll()).map((workflow) => workflow.id).sort()).toEqual(['workflow-apparel', 'workflow-footwear']);
      expect(normalized(await readDemo())).toMatchObject(normalized(demoWorkflow()));
      expect((await get('admin', '/workflows?schemaId=schema-socks')).body).toEqual([]);
    });

    it('lets exactly one of several concurrent creates for the same schema win; the others get 409', async () => {
      await createSchema('schema-hats', 'state-new');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          system.api.as('admin', 'POST', '/workflows', { ...footwearWorkflow(), id: `workflow-hats-${i}`, schemaId: 'schema-hats' }),
        ),
      );
      expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      expect((await get('admin', '/workflows?schemaId=schema-hats')).body).toHaveLength(1);
    });
  });

  describe('updating', () => {
    it('answers 404 for an unknown id and creates nothing', async () => {
      const response = await system.api.as('admin', 'PUT', '/workflows/workflow-nope', demoWorkflow());
      expect(outcome(response)).toMatchObject({ status: 404, body: { code: 'not-found' } });
      expect((await get('admin', '/workflows/workflow-nope')).status).toBe(404);
    });

    it('replaces the definition and keeps createdAt', async () => {
      const before = await readDemo();
      const renamed = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', { ...demoWorkflow(), name: 'Apparel (renamed)' });
      expect(outcome(renamed)).toMatchObject({ status: 200, body: { id: 'workflow-apparel', name: 'Apparel (renamed)' } });
      const after = await readDemo();
      expect(after).toEqual(renamed.body);
      expect(after.createdAt).toBe(before.createdAt);
      expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
      const restored = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', demoWorkflow());
      expect(outcome(restored)).toMatchObject({ status: 200, body: { name: 'Apparel lifecycle' } });
    });

    it('refuses (409, recordCount) to remove a state that still holds records, and changes nothing', async () => {
      const first = await createApparelRecord('HOLD-1');
      const second = await createApparelRecord('HOLD-2');
      for (const id of [first, second]) {
        const moved = await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' });
        expect(outcome(moved)).toMatchObject({ status: 200 });
      }
      const before = await readDemo();
      const body = demoWorkflow();
      body.states = body.states.filter((state) => state.id !== 'state-review');
      body.transitions = [];
      const response = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', body);
      expect(outcome(response)).toMatchObject({
        status: 409,
        body: { code: 'conflict', details: { stateId: 'state-review', recordCount: 2 } },
      });
      expect(await readDemo()).toEqual(before);
      const transitions = await get('viewer', `/records/${first}/transitions`);
      expect(transitions.body.map((transition: { id: string }) => transition.id).sort()).toEqual([
        'trans-review-to-draft',
        'trans-review-to-published',
      ]);
    });

    it('removes a state no record is in', async () => {
      const body = footwearWorkflow();
      body.states = body.states.filter((state) => state.id !== 'state-live');
      body.transitions = body.transitions.filter((transition) => transition.toStateId !== 'state-live');
      const response = await system.api.as('admin', 'PUT', '/workflows/workflow-footwear', asUpdate(body));
      expect(outcome(response)).toMatchObject({ status: 200 });
      expect(response.body.states.map((state: StateBody) => state.id)).toEqual(['state-new', 'state-intake']);
      expect((await get('viewer', '/workflows/workflow-footwear')).body).toEqual(response.body);
    });

    it('changes completeness results when a state gains a required attribute', async () => {
      const before = await get('viewer', '/records/ent-001/completeness');
      expect(before.body).toEqual({ entityId: 'ent-001', lifecycleStateId: 'state-draft', filled: 3, total: 3, percentage: 100, missing: [] });
      const body = demoWorkflow();
      body.states[0].requiredAttributes = [...body.states[0].requiredAttributes, 'short-description'];
      const updated = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', body);
      expect(outcome(updated)).toMatchObject({ status: 200 });
      try {
        // ent-001's short-description is global only; the language slots are what counts.
        const after = await get('viewer', '/records/ent-001/completeness');
        expect(after.body).toEqual({
          entityId: 'ent-001',
          lifecycleStateId: 'state-draft',
          filled: 3,
          total: 5,
          percentage: 60,
          missing: [
            { attributeAlias: 'short-description', scope: { 'dim-language': 'seg-da' } },
            { attributeAlias: 'short-description', scope: { 'dim-language': 'seg-de' } },
          ],
        });
      } finally {
        const restored = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', demoWorkflow());
        expect(outcome(restored)).toMatchObject({ status: 200 });
      }
      expect((await get('viewer', '/records/ent-001/completeness')).body).toEqual(before.body);
    });

    it('makes newly created records start in a changed initialStateId', async () => {
      const update = { ...asUpdate(footwearWorkflow()), initialStateId: 'state-intake' };
      const response = await system.api.as('admin', 'PUT', '/workflows/workflow-footwear', update);
      // Needs the records service's records.schema.update handler (the workflow service asks records to move the schema's initial state).
      expect(outcome(response)).toMatchObject({ status: 200, body: { initialStateId: 'state-intake' } });
      const schema = await get('viewer', '/schemas/schema-footwear');
      expect(schema.body.initialLifecycleStateId).toBe('state-intake');
      const created = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-footwear',
        values: { title: [{ scope: {}, value: 'Trail runner' }] },
      });
      expect(outcome(created)).toMatchObject({ status: 201, body: { schemaId: 'schema-footwear', lifecycleStateId: 'state-intake' } });
      const transitions = await get('viewer', `/records/${created.body.id}/transitions`);
      expect(transitions.body.map((transition: { id: string }) => transition.id)).toEqual(['trans-intake-to-new']);
    });
  });
});
