import { startTestSystem, type TestSystem } from '@sigma/testing';

/** The review lifecycle: submit (and its gate), approve / reject whole sets and single operations, request a revision, resubmit. */
describe('change sets API: review lifecycle (e2e)', () => {
  let system: TestSystem;
  let footwearRecordId: string;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);

  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const update = (entityId: string, attributeAlias: string, newValue: unknown, extra: Record<string, unknown> = {}) => ({
    type: 'update',
    entityId,
    schemaId: 'schema-apparel',
    changes: [{ attributeAlias, newValue, ...extra }],
  });
  const draft = async (operations: unknown[], user = 'editor') => {
    const response = await as(user, 'POST', '/change-sets', { title: 'Review test', source: { type: 'agent', id: 'agent-test', name: 'Test agent' }, operations });
    expect(response.status).toBe(201);
    return response.body;
  };
  const ok = async (user: string, method: string, path: string, payload?: unknown) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({ path, status: 200, body: undefined });
    return response.body;
  };
  /** A set of (by default) three update operations, submitted: pending_approval. */
  const pending = async (operations: unknown[] = [update('ent-001', 'material', 'Linen'), update('ent-002', 'material', 'Wool'), update('ent-003', 'material', 'Nylon')]) => {
    const set = await draft(operations);
    return ok('editor', 'POST', `/change-sets/${set.id}/submit`);
  };
  const get = (id: string) => ok('viewer', 'GET', `/change-sets/${id}`);
  const statuses = (set: { operations: { status: string }[] }) => set.operations.map((operation) => operation.status);
  const expectConflict = async (user: string, method: string, path: string, status: string, payload?: unknown) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 409, code: 'conflict' });
    expect(response.body.message).toContain(status);
  };

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-review' });
    const schema = await as('admin', 'POST', '/schemas', {
      id: 'schema-footwear',
      name: 'Footwear',
      initialLifecycleStateId: 'state-new',
      attributes: [{ alias: 'sku', name: 'SKU', dataType: 'text', dimensionIds: [], rules: {} }],
    });
    expect(schema.status).toBe(201);
    const record = await as('admin', 'POST', '/records', { schemaId: 'schema-footwear', values: { sku: [{ scope: {}, value: 'BOOT-1' }] } });
    expect(record.status).toBe(201);
    footwearRecordId = record.body.id;
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('POST /change-sets/:id/submit', () => {
    it('moves a valid draft to pending_approval with submittedAt, every operation pending', async () => {
      const set = await draft([
        update('ent-001', 'product-name', 'Oxford-Hemd', { scope: { 'dim-language': 'seg-de' } }),
        update('ent-002', 'price', 129, { scope: { 'dim-market': 'seg-de' } }),
        { type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'SUB-1' }] },
        { type: 'delete', entityId: 'ent-004', schemaId: 'schema-apparel', changes: [] },
      ], 'agent');
      const submitted = await ok('agent', 'POST', `/change-sets/${set.id}/submit`);
      expect(submitted).toMatchObject({ id: set.id, status: 'pending_approval', submittedAt: expect.stringMatching(ISO), revisionCount: 0 });
      expect(statuses(submitted)).toEqual(['pending', 'pending', 'pending', 'pending']);
      expect(submitted.operations[3]).toMatchObject({ entityName: 'Linen Summer Trousers', entitySku: 'LST-004' });
      expect(await get(set.id)).toEqual(submitted);
    });

    it('refuses to submit a set that is not a draft (409 naming its status)', async () => {
      const set = await pending();
      await expectConflict('editor', 'POST', `/change-sets/${set.id}/submit`, 'pending_approval');
    });

    const gateCases: [string, () => unknown[], string, string][] = [
      ['no operations', () => [], 'operations', 'minSize'],
      ['an unknown schema', () => [{ type: 'create', schemaId: 'schema-nope', changes: [{ attributeAlias: 'sku', newValue: 'X-1' }] }], 'operations[0].schemaId', 'exists'],
      ['a create naming an entityId', () => [{ type: 'create', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'X-2' }] }], 'operations[0].entityId', 'forbidden'],
      ['an update without entityId', () => [{ type: 'update', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'x' }] }], 'operations[0].entityId', 'required'],
      ['a delete without entityId', () => [{ type: 'delete', schemaId: 'schema-apparel', changes: [] }], 'operations[0].entityId', 'required'],
      ['an update of an unknown entity', () => [update('ent-999', 'material', 'x')], 'operations[0].entityId', 'exists'],
      ['an entity of another schema', () => [update(footwearRecordId, 'sku', 'BOOT-2')], 'operations[0].schemaId', 'same-schema'],
      ['an unknown attribute', () => [update('ent-001', 'material', 'ok'), update('ent-001', 'colour', 'red')], 'operations[1].changes[0].attributeAlias', 'exists'],
      ['a dimension the attribute does not have', () => [update('ent-001', 'sku', 'OXF-1', { scope: { 'dim-language': 'seg-da' } })], 'operations[0].changes[0].scope', 'scope-dimension'],
      ['a segment of another dimension', () => [update('ent-001', 'price', 1, { scope: { 'dim-market': 'seg-da' } })], 'operations[0].changes[0].scope', 'scope-segment'],
      ['an unknown dimension', () => [update('ent-001', 'price', 1, { scope: { 'dim-colour': 'seg-red' } })], 'operations[0].changes[0].scope', 'scope-dimension'],
    ];
    it.each(gateCases)('refuses %s with 422 gate-failed, naming the field; the set stays a draft', async (_label, operations, field, rule) => {
      const set = await draft(operations());
      const response = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'gate-failed' });
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(response.body.message).toContain(field);
      const after = await get(set.id);
      expect(after.status).toBe('draft');
      expect(after).not.toHaveProperty('submittedAt');
    });

    it('lists every problem of a set at once', async () => {
      const set = await draft([update('ent-999', 'material', 'x'), update('ent-001', 'colour', 'red')]);
      const response = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
      expect(response.status).toBe(422);
      expect(response.body.details.map((issue: { field: string }) => issue.field)).toEqual(['operations[0].entityId', 'operations[1].changes[0].attributeAlias']);
    });
  });

  describe('approve / reject the whole set', () => {
    it('approve approves every pending operation and the set, with the review note', async () => {
      const set = await pending();
      const approved = await ok('reviewer', 'POST', `/change-sets/${set.id}/approve`, { reviewNote: 'Looks great, applying to catalog.' });
      expect(approved).toMatchObject({ status: 'approved', reviewNote: 'Looks great, applying to catalog.', approvedAt: expect.stringMatching(ISO) });
      expect(statuses(approved)).toEqual(['approved', 'approved', 'approved']);
      expect(await get(set.id)).toEqual(approved);
    });

    it('approve works without a body', async () => {
      const set = await pending();
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/approve`);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('approved');
      expect(response.body).not.toHaveProperty('reviewNote');
    });

    it('reject rejects every pending operation and the set, with the review note', async () => {
      const set = await pending();
      const rejected = await ok('reviewer', 'POST', `/change-sets/${set.id}/reject`, { reviewNote: 'Descriptions too generic, need product-specific details.' });
      expect(rejected).toMatchObject({ status: 'rejected', reviewNote: 'Descriptions too generic, need product-specific details.' });
      expect(rejected).not.toHaveProperty('approvedAt');
      expect(statuses(rejected)).toEqual(['rejected', 'rejected', 'rejected']);
    });

    it('approve after some operations were rejected one by one keeps those rejected', async () => {
      const set = await pending();
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[1].id}/reject`, { reviewNote: 'Not this one' });
      const approved = await ok('reviewer', 'POST', `/change-sets/${set.id}/approve`);
      expect(approved.status).toBe('approved');
      expect(statuses(approved)).toEqual(['approved', 'rejected', 'approved']);
      expect(approved.operations[1].reviewNote).toBe('Not this one');
    });

    it('only a set pending approval can be approved or rejected (409 naming the status)', async () => {
      const inDraft = await draft([update('ent-001', 'material', 'Linen')]);
      await expectConflict('reviewer', 'POST', `/change-sets/${inDraft.id}/approve`, 'draft');
      await expectConflict('reviewer', 'POST', `/change-sets/${inDraft.id}/reject`, 'draft');
      const approved = await pending();
      await ok('reviewer', 'POST', `/change-sets/${approved.id}/approve`);
      await expectConflict('reviewer', 'POST', `/change-sets/${approved.id}/approve`, 'approved');
      await expectConflict('reviewer', 'POST', `/change-sets/${approved.id}/reject`, 'approved', { reviewNote: 'Too late' });
      expect((await get(approved.id)).status).toBe('approved');
      expect((await get(inDraft.id)).status).toBe('draft');
    });

    it('refuses a review note that is not a string (400)', async () => {
      const set = await pending();
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/approve`, { reviewNote: 42 });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reviewNote' })]));
      expect((await get(set.id)).status).toBe('pending_approval');
    });
  });

  describe('approve / reject one operation', () => {
    it('decides one operation, leaving the set pending while others are', async () => {
      const set = await pending();
      const [first, second] = set.operations;
      const afterApprove = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${first.id}/approve`);
      expect(afterApprove.status).toBe('pending_approval');
      expect(statuses(afterApprove)).toEqual(['approved', 'pending', 'pending']);
      const afterReject = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${second.id}/reject`, { reviewNote: 'Price change too aggressive' });
      expect(afterReject.status).toBe('pending_approval');
      expect(afterReject.operations[1]).toMatchObject({ status: 'rejected', reviewNote: 'Price change too aggressive' });
    });

    it('deciding the last pending operation approves the set when at least one operation is approved', async () => {
      const set = await pending();
      const [a, b, c] = set.operations.map((operation: { id: string }) => operation.id);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${a}/reject`);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${b}/approve`);
      const last = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${c}/reject`);
      expect(last.status).toBe('approved');
      expect(statuses(last)).toEqual(['rejected', 'approved', 'rejected']);
      expect(last.approvedAt).toMatch(ISO);
    });

    it('deciding the last pending operation rejects the set when every operation was rejected', async () => {
      const set = await pending([update('ent-001', 'material', 'Linen'), update('ent-002', 'material', 'Wool')]);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/reject`);
      const last = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[1].id}/reject`);
      expect(last.status).toBe('rejected');
      expect(last).not.toHaveProperty('approvedAt');
    });

    it('a set of one operation is decided by deciding it', async () => {
      const set = await pending([update('ent-001', 'material', 'Linen')]);
      expect((await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/approve`)).status).toBe('approved');
    });

    it('an operation already decided cannot be decided again (409 naming its status)', async () => {
      const set = await pending();
      const op = set.operations[0].id;
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${op}/approve`);
      await expectConflict('reviewer', 'POST', `/change-sets/${set.id}/operations/${op}/approve`, 'approved');
      await expectConflict('reviewer', 'POST', `/change-sets/${set.id}/operations/${op}/reject`, 'approved');
      const other = set.operations[1].id;
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${other}/reject`);
      await expectConflict('reviewer', 'POST', `/change-sets/${set.id}/operations/${other}/approve`, 'rejected');
      expect(statuses(await get(set.id))).toEqual(['approved', 'rejected', 'pending']);
    });

    it('operations can only be decided while the set is pending approval (409 naming the set status)', async () => {
      const inDraft = await draft([update('ent-001', 'material', 'Linen')]);
      await expectConflict('reviewer', 'POST', `/change-sets/${inDraft.id}/operations/${inDraft.operations[0].id}/approve`, 'draft');
      await expectConflict('reviewer', 'POST', `/change-sets/${inDraft.id}/operations/${inDraft.operations[0].id}/reject`, 'draft');
      expect(statuses(await get(inDraft.id))).toEqual(['pending']);
      const rejected = await pending();
      await ok('reviewer', 'POST', `/change-sets/${rejected.id}/reject`);
      await expectConflict('reviewer', 'POST', `/change-sets/${rejected.id}/operations/${rejected.operations[0].id}/approve`, 'rejected');
    });

    it('an unknown operation of a known set is a 404', async () => {
      const set = await pending();
      expect((await as('reviewer', 'POST', `/change-sets/${set.id}/operations/cop-unknown/approve`)).status).toBe(404);
      expect((await as('reviewer', 'POST', `/change-sets/${set.id}/operations/cop-unknown/reject`)).status).toBe(404);
      expect((await as('reviewer', 'POST', `/change-sets/${set.id}/operations/cop-enrich-1/approve`)).status).toBe(404);
    });
  });

  describe('request-revision and resubmit', () => {
    it('request-revision computes the feedback summary, counts the revision and posts the message', async () => {
      const set = await pending([
        update('ent-001', 'short-description', 'Timeless Oxford weave in premium cotton...'),
        { ...update('ent-002', 'short-description', 'Soft merino'), changes: [{ attributeAlias: 'short-description', newValue: 'Soft merino' }, { attributeAlias: 'material', newValue: 'Merino' }] },
      ]);
      const [first, second] = set.operations.map((operation: { id: string }) => operation.id);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${first}/rate`, { attributeAlias: 'short-description', rating: 'good' });
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${second}/rate`, { attributeAlias: 'material', rating: 'bad' });
      for (const [text, start] of [['premium cotton', 25], ['Timeless', 0]] as const) {
        const annotation = await as('reviewer', 'POST', `/change-sets/${set.id}/operations/${first}/annotate`, {
          attributeAlias: 'short-description', text, startOffset: start, endOffset: start + text.length, sentiment: 'good',
        });
        expect(annotation.status).toBe(201);
      }
      const revised = await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, {
        requestedBy: 'user-reviewer',
        message: 'Descriptions need more product-specific details.',
      });
      expect(revised).toMatchObject({
        id: set.id,
        status: 'revision_requested',
        revisionCount: 1,
        feedbackSummary: { good: 1, bad: 1, unrated: 1, snippets: 2, message: 'Descriptions need more product-specific details.' },
      });
      expect(await get(set.id)).toEqual(revised);
      const thread = await ok('viewer', 'GET', `/change-sets/${set.id}/messages`);
      expect(thread).toEqual([expect.objectContaining({ authorId: 'user-reviewer', body: 'Descriptions need more product-specific details.' })]);
    });

    it('request-revision without a message has a summary without one', async () => {
      const set = await pending();
      const revised = await ok('editor', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-editor' });
      expect(revised.feedbackSummary).toEqual({ good: 0, bad: 0, unrated: 3, snippets: 0 });
    });

    it('requestedBy must be the caller (403), changing nothing', async () => {
      const set = await pending();
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-admin', message: 'Impersonating' });
      expect(response.status).toBe(403);
      expect(response.body.message).toContain('requestedBy');
      const after = await get(set.id);
      expect(after).toMatchObject({ status: 'pending_approval', revisionCount: 0 });
      expect(after).not.toHaveProperty('feedbackSummary');
    });

    it('request-revision needs requestedBy (400)', async () => {
      const set = await pending();
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { message: 'Who am I?' });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'requestedBy' })]));
    });

    it('request-revision works only on a set pending approval (409 naming the status)', async () => {
      const inDraft = await draft([update('ent-001', 'material', 'Linen')]);
      await expectConflict('reviewer', 'POST', `/change-sets/${inDraft.id}/request-revision`, 'draft', { requestedBy: 'user-reviewer' });
      const approved = await pending();
      await ok('reviewer', 'POST', `/change-sets/${approved.id}/approve`);
      await expectConflict('reviewer', 'POST', `/change-sets/${approved.id}/request-revision`, 'approved', { requestedBy: 'user-reviewer' });
      const revised = await pending();
      await ok('reviewer', 'POST', `/change-sets/${revised.id}/request-revision`, { requestedBy: 'user-reviewer' });
      await expectConflict('reviewer', 'POST', `/change-sets/${revised.id}/request-revision`, 'revision_requested', { requestedBy: 'user-reviewer' });
      expect((await get(revised.id)).revisionCount).toBe(1);
    });

    it('resubmit returns to pending_approval with every operation pending again; revisionCount stays 1', async () => {
      const set = await pending();
      const [a, b] = set.operations.map((operation: { id: string }) => operation.id);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${a}/approve`);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${b}/reject`);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer', message: 'Try again' });
      const resubmitted = await ok('editor', 'POST', `/change-sets/${set.id}/resubmit`);
      expect(resubmitted).toMatchObject({ status: 'pending_approval', revisionCount: 1, submittedAt: expect.stringMatching(ISO) });
      expect(statuses(resubmitted)).toEqual(['pending', 'pending', 'pending']);
      expect(resubmitted.submittedAt > set.submittedAt).toBe(true);
      // the second round of review works like the first, and a second revision request counts 2
      await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer' });
      expect((await ok('editor', 'POST', `/change-sets/${set.id}/resubmit`)).revisionCount).toBe(2);
      expect((await ok('reviewer', 'POST', `/change-sets/${set.id}/approve`)).status).toBe('approved');
    });

    it('resubmit works only after a revision request (409 naming the status)', async () => {
      const set = await pending();
      await expectConflict('editor', 'POST', `/change-sets/${set.id}/resubmit`, 'pending_approval');
      const inDraft = await draft([update('ent-001', 'material', 'Linen')]);
      await expectConflict('editor', 'POST', `/change-sets/${inDraft.id}/resubmit`, 'draft');
      expect((await get(inDraft.id)).status).toBe('draft');
    });

    it('resubmit checks the set again: a record deleted meanwhile fails the gate (422) and the set stays revision_requested', async () => {
      const record = await as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'GONE-1' }] } });
      expect(record.status).toBe(201);
      const set = await pending([update(record.body.id, 'material', 'Linen')]);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer' });
      expect((await as('editor', 'DELETE', `/records/${record.body.id}`)).status).toBe(204);
      const response = await as('editor', 'POST', `/change-sets/${set.id}/resubmit`);
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'operations[0].entityId', rule: 'exists' })]);
      expect((await get(set.id)).status).toBe('revision_requested');
    });
  });
});
