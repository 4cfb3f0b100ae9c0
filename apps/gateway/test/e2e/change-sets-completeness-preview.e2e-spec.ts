import type { RecordDto, SchemaDto } from '@sigma/contracts';
import {
  attribute,
  change,
  createChangeSet,
  createRecord,
  createSchema,
  operation,
  scopedValue,
  startTestSystem,
  submittedChangeSet,
  type TestSystem,
  uniqueId,
  uniqueSku,
} from '@sigma/testing';

const score = (filled: number, total: number) => ({ percentage: Math.round((100 * filled) / total), filled, total });

/**
 * GET /change-sets/:id/completeness-preview: each operation's completeness before and after its
 * changes, for the record's state and the state its gated transition needs, scored by the workflow
 * service against the records as they are; rejected changes do not count.
 */
describe('change sets API: completeness preview (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const preview = (setId: string, query = '', user = 'viewer') => as(user, 'GET', `/change-sets/${setId}/completeness-preview${query}`);
  /** Review needs only a SKU; publishing needs sku, name and material. */
  const record = (values: Record<string, string>) =>
    createRecord(system.api, { schemaId: schema.id, values: Object.fromEntries(Object.entries(values).map(([alias, value]) => [alias, scopedValue(value)])) });

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-preview' });
    schema = await createSchema(system.api, {
      initialLifecycleStateId: 'state-review',
      attributes: [attribute('sku', { rules: { unique: true } }), attribute('name'), attribute('material')],
    });
    const workflow = await as('admin', 'POST', '/workflows', {
      id: uniqueId('workflow'),
      schemaId: schema.id,
      name: 'Review and publish',
      initialStateId: 'state-review',
      states: [
        { id: 'state-review', name: 'Review', requiredAttributes: ['sku'] },
        { id: 'state-published', name: 'Published', requiredAttributes: ['sku', 'name', 'material'] },
      ],
      transitions: [
        { id: 'trans-publish', fromStateId: 'state-review', toStateId: 'state-published', name: 'Publish', allowedRoleIds: ['role-editor'], requiresCompleteness: true },
        { id: 'trans-archive', fromStateId: 'state-review', toStateId: 'state-published', name: 'Quietly', allowedRoleIds: ['role-admin'], requiresCompleteness: false },
      ],
    });
    expect(workflow.status).toBe(201);
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  it('shows the last missing required value completing the record for the publish state, and counts it', async () => {
    const almost: RecordDto = await record({ name: 'Oxford shirt' });
    const doomed: RecordDto = await record({ name: 'Old shirt' });
    const set = await createChangeSet(system.api, {
      operations: [
        operation.update(almost.id, schema.id, change('material', 'Linen')),
        operation.create(schema.id, change('sku', uniqueSku()), change('name', 'New shirt')),
        operation.delete(doomed.id, schema.id),
      ],
    });

    const response = await preview(set.id);
    expect(response.status).toBe(200);
    const [update, create, remove] = response.body.items;
    expect(update).toEqual({
      operationId: set.operations[0].id,
      type: 'update',
      entityId: almost.id,
      schemaId: schema.id,
      status: 'pending',
      countedChanges: 1,
      preview: {
        state: { lifecycleStateId: 'state-review', before: score(1, 1), after: score(1, 1), missingAfter: [] },
        // Only the gated transition's target counts; the ungated one asks for nothing.
        next: [{ lifecycleStateId: 'state-published', transitionId: 'trans-publish', before: score(2, 3), after: score(3, 3) }],
      },
    });
    expect(update.preview.next[0].before.percentage).toBeLessThan(100);
    // A create is scored from no values in the workflow's initial state.
    expect(create.preview).toEqual({
      state: { lifecycleStateId: 'state-review', before: score(0, 1), after: score(1, 1), missingAfter: [] },
      next: [{ lifecycleStateId: 'state-published', transitionId: 'trans-publish', before: score(0, 3), after: score(2, 3) }],
    });
    expect(remove).toMatchObject({ type: 'delete', countedChanges: 0, notPreviewed: { reason: 'delete' } });
    expect(remove.preview).toBeUndefined();
    expect(response.body.summary).toEqual({ recordsBecomingComplete: { 'state-published': 1, 'state-review': 1 }, operations: 2 });
    expect(response.body.total).toBe(3);
    expect(response.body.nextCursor).toBeUndefined();
  });

  it('shows a cleared required value dropping the record below complete', async () => {
    const complete = await record({ name: 'Oxford shirt', material: 'Cotton' });
    const set = await createChangeSet(system.api, { operations: [operation.update(complete.id, schema.id, change('material', null))] });

    const response = await preview(set.id);
    expect(response.status).toBe(200);
    expect(response.body.items[0].preview.next).toEqual([
      { lifecycleStateId: 'state-published', transitionId: 'trans-publish', before: score(3, 3), after: score(2, 3) },
    ]);
    expect(response.body.summary).toEqual({ recordsBecomingComplete: {}, operations: 1 });
  });

  it('leaves a rejected change out of "after"', async () => {
    const bare = await record({});
    const set = await submittedChangeSet(system.api, {
      operations: [operation.update(bare.id, schema.id, change('name', 'Linen shirt'), change('material', 'Linen'))],
    });
    const undecided = await preview(set.id);
    expect(undecided.body.items[0].preview.next[0].after).toEqual(score(3, 3));
    expect(undecided.body.summary.recordsBecomingComplete).toEqual({ 'state-published': 1 });

    const decided = await as('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/changes/decide`, {
      decisions: [
        { attributeAlias: 'name', decision: 'approve' },
        { attributeAlias: 'material', decision: 'reject' },
      ],
    });
    expect(decided.status).toBe(200);

    const response = await preview(set.id);
    expect(response.status).toBe(200);
    expect(response.body.items[0]).toMatchObject({ status: 'approved', countedChanges: 1 });
    expect(response.body.items[0].preview.next[0]).toEqual({
      lifecycleStateId: 'state-published',
      transitionId: 'trans-publish',
      before: score(1, 3),
      after: score(2, 3),
    });
    expect(response.body.summary).toEqual({ recordsBecomingComplete: {}, operations: 1 });
  });

  it('pages by the cursor of the operations list', async () => {
    const records = await Promise.all([record({}), record({}), record({})]);
    const set = await createChangeSet(system.api, { operations: records.map((r) => operation.update(r.id, schema.id, change('name', 'Named'))) });
    const first = await preview(set.id, '?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { entityId: string }) => item.entityId)).toEqual([records[0].id, records[1].id]);
    expect(first.body).toMatchObject({ total: 3, summary: { operations: 2 } });
    const rest = await preview(set.id, `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(rest.status).toBe(200);
    expect(rest.body.items.map((item: { entityId: string }) => item.entityId)).toEqual([records[2].id]);
    expect(rest.body.nextCursor).toBeUndefined();
  });

  it('says so for an operation whose record is gone, and previews the others', async () => {
    const gone = await record({});
    const kept = await record({ name: 'Kept', material: 'Wool' });
    const set = await createChangeSet(system.api, {
      operations: [operation.update(gone.id, schema.id, change('name', 'Too late')), operation.update(kept.id, schema.id, change('name', 'Kept too'))],
    });
    expect((await as('editor', 'DELETE', `/records/${gone.id}`)).status).toBeLessThan(300);

    const response = await preview(set.id);
    expect(response.status).toBe(200);
    expect(response.body.items[0]).toMatchObject({ countedChanges: 1, notPreviewed: { reason: 'unscorable', code: 'not-found' } });
    expect(response.body.items[1].preview.next[0]).toMatchObject({ before: score(3, 3), after: score(3, 3) });
    expect(response.body.summary).toEqual({ recordsBecomingComplete: {}, operations: 1 });
  });

  it('answers 404 for an unknown set', async () => {
    const response = await preview('cs-does-not-exist');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not-found' });
  });

  it('lets every reader read it, and refuses anonymous callers', async () => {
    const set = await createChangeSet(system.api, { operations: [] });
    for (const user of ['viewer', 'reviewer', 'agent', 'admin']) expect({ user, status: (await preview(set.id, '', user)).status }).toEqual({ user, status: 200 });
    expect((await system.api.request('GET', `/change-sets/${set.id}/completeness-preview`)).status).toBe(401);
  });

  it.each([
    ['?limit=201', 'limit'],
    ['?limit=zero', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
    ['?preview=completeness', 'preview'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const set = await createChangeSet(system.api, { operations: [] });
    const response = await preview(set.id, query);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});
