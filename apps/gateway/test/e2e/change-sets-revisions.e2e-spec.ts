import { change, createChangeSet, createRecord, expectCreated, operation, scopedValue, startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Revisions that revise: after a revision request the creator adds, replaces and removes operations,
 * resubmits them as the next numbered revision, and reviewers see what changed since a revision;
 * ratings and annotations on unchanged proposals carry over.
 */
describe('change sets API: revisions (e2e)', () => {
  let system: TestSystem;
  const SCHEMA = 'schema-apparel';
  const DA = { 'dim-language': 'seg-da' };
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ok = <T = any>(user: string, method: string, path: string, body?: unknown, status = 200) => expectCreated<T>(system.api, user, method, path, body, status);
  const get = (id: string) => ok('viewer', 'GET', `/change-sets/${id}`);
  const record = (material: string) => createRecord(system.api, { schemaId: SCHEMA, values: { material: scopedValue(material) } });

  /** An agent's set proposing material 'x' for a new record, submitted (revision 1), with a revision requested by the reviewer. */
  async function underRevision() {
    const target = await record('cotton');
    const operations = [operation.update(target.id, SCHEMA, change('material', 'x'))];
    const set = await createChangeSet(system.api, { as: 'agent', source: { type: 'agent', name: 'Revisions test' }, operations });
    await ok('agent', 'POST', `/change-sets/${set.id}/submit`);
    await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer', message: 'Please revise.' });
    return get(set.id);
  }

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-revisions' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  it('revise and resubmit: a replaced value, a removed and an added operation reach review as revision 2, and apply writes the revised value', async () => {
    const [shirt, trousers, jacket, coat] = await Promise.all([record('cotton'), record('linen'), record('wool'), record('nylon')]);
    const draft = await createChangeSet(system.api, {
      as: 'agent',
      source: { type: 'agent', name: 'Revisions test' },
      operations: [
        operation.update(shirt.id, SCHEMA, change('material', 'wool', { oldValue: 'cotton' }), change('product-name', 'Skjorte', { scope: DA })),
        operation.update(trousers.id, SCHEMA, change('material', 'hemp')),
        operation.update(jacket.id, SCHEMA, change('material', 'tweed')),
      ],
    });
    expect(draft.revision).toBe(0);
    expect(await ok('viewer', 'GET', `/change-sets/${draft.id}/revisions`)).toEqual([]);
    const submitted = await ok('agent', 'POST', `/change-sets/${draft.id}/submit`);
    expect(submitted).toMatchObject({ status: 'pending_approval', revision: 1, revisionCount: 0 });
    const [first, second, third] = submitted.operations.map((op: { id: string }) => op.id);

    // The reviewer rates and annotates, then sends it back.
    await ok('reviewer', 'POST', `/change-sets/${draft.id}/operations/${first}/rate`, { attributeAlias: 'material', rating: 'bad' });
    await ok('reviewer', 'POST', `/change-sets/${draft.id}/operations/${first}/rate`, { attributeAlias: 'product-name', rating: 'good' });
    await ok('reviewer', 'POST', `/change-sets/${draft.id}/operations/${first}/annotate`, { attributeAlias: 'material', text: 'wool', startOffset: 0, endOffset: 4, sentiment: 'bad', note: 'Which wool?' }, 201);
    await ok('reviewer', 'POST', `/change-sets/${draft.id}/operations/${first}/annotate`, { attributeAlias: 'product-name', text: 'Skjorte', startOffset: 0, endOffset: 7, sentiment: 'good' }, 201);
    await ok('reviewer', 'POST', `/change-sets/${draft.id}/request-revision`, { requestedBy: 'user-reviewer', message: 'Be specific; drop the trousers; add the coat.' });

    // The source revises: replace one operation's changes (one value changed, one kept), remove one, add one.
    const replaced = await ok('agent', 'PATCH', `/change-sets/${draft.id}/operations/${first}`, {
      changes: [
        { attributeAlias: 'material', newValue: 'Merino wool', oldValue: 'cotton', reasoning: 'Specific, as asked' },
        { attributeAlias: 'product-name', scope: DA, newValue: 'Skjorte', reasoning: 'Unchanged' },
      ],
    });
    expect(replaced.status).toBe('revision_requested');
    const [material, name] = replaced.operations[0].changes;
    expect(material).toEqual({ attributeAlias: 'material', scope: {}, newValue: 'Merino wool', oldValue: 'cotton', reasoning: 'Specific, as asked', decision: 'pending' });
    expect(name).toMatchObject({ attributeAlias: 'product-name', scope: DA, newValue: 'Skjorte', reasoning: 'Unchanged', rating: 'good' });
    expect(name.annotations).toEqual([expect.objectContaining({ text: 'Skjorte', sentiment: 'good' })]);
    const removed = await as('agent', 'DELETE', `/change-sets/${draft.id}/operations/${second}`);
    expect(removed.status).toBe(204);
    expect(removed.body).toBeFalsy();
    const grown = await ok('agent', 'PUT', `/change-sets/${draft.id}`, { operations: [operation.update(coat.id, SCHEMA, change('material', 'gabardine'))] });
    expect(grown.operations.map((op: { id: string }) => op.id)).toEqual([first, third, expect.any(String)]);
    const added = grown.operations[2].id;
    expect(grown.operations[2]).toMatchObject({ entityId: coat.id, entitySku: coat.values.sku[0].value, status: 'pending' });

    // Before resubmit, the diff already shows the edits against revision 1.
    const pendingEdits = await ok('reviewer', 'GET', `/change-sets/${draft.id}/revisions/1/diff`);
    expect(pendingEdits).toMatchObject({ from: 1, to: 1, counts: { operationsAdded: 1, operationsRemoved: 1, changesChanged: 1 } });

    const resubmitted = await ok('agent', 'POST', `/change-sets/${draft.id}/resubmit`);
    expect(resubmitted).toMatchObject({ status: 'pending_approval', revision: 2, revisionCount: 1 });
    expect(resubmitted.operations.map((op: { status: string }) => op.status)).toEqual(['pending', 'pending', 'pending']);

    const revisions = await ok('viewer', 'GET', `/change-sets/${draft.id}/revisions`);
    expect(revisions).toEqual([
      { revision: 1, submittedAt: submitted.submittedAt, submittedBy: 'user-agent', operationCount: 3 },
      { revision: 2, submittedAt: resubmitted.submittedAt, submittedBy: 'user-agent', operationCount: 3 },
    ]);
    expect(await ok('viewer', 'GET', `/change-sets/${draft.id}/revisions/1/diff`)).toEqual({
      changeSetId: draft.id,
      from: 1,
      to: 2,
      operationsAdded: [{ operationId: added, type: 'update', entityId: coat.id, schemaId: SCHEMA, changeCount: 1 }],
      operationsRemoved: [{ operationId: second, type: 'update', entityId: trousers.id, schemaId: SCHEMA, changeCount: 1 }],
      changes: [{ operationId: first, attributeAlias: 'material', scope: {}, kind: 'changed', before: 'wool', after: 'Merino wool' }],
      counts: { operationsAdded: 1, operationsRemoved: 1, changesAdded: 0, changesRemoved: 0, changesChanged: 1 },
      truncated: false,
    });
    expect(await ok('viewer', 'GET', `/change-sets/${draft.id}/revisions/2/diff`)).toMatchObject({
      from: 2,
      to: 2,
      operationsAdded: [],
      operationsRemoved: [],
      changes: [],
      truncated: false,
    });

    // Approved and applied: the revised value is written, the removed operation's is not.
    await ok('reviewer', 'POST', `/change-sets/${draft.id}/approve`, { reviewNote: 'Good now.' });
    const applied = await ok('reviewer', 'POST', `/change-sets/${draft.id}/apply`);
    expect(applied).toEqual({ applied: 3, skipped: 0, errors: [] });
    const values = async (id: string) => (await ok('viewer', 'GET', `/records/${id}`)).values;
    expect((await values(shirt.id)).material).toEqual(scopedValue('Merino wool'));
    expect((await values(shirt.id))['product-name']).toEqual(expect.arrayContaining(scopedValue('Skjorte', DA)));
    expect((await values(trousers.id)).material).toEqual(scopedValue('linen'));
    expect((await values(jacket.id)).material).toEqual(scopedValue('tweed'));
    expect((await values(coat.id)).material).toEqual(scopedValue('gabardine'));
  });

  it('ratings and annotations on unchanged proposals carry over into the next review; on changed ones they are gone', async () => {
    const [a, b] = await Promise.all([record('cotton'), record('silk')]);
    const set = await createChangeSet(system.api, { as: 'agent', operations: [operation.update(a.id, SCHEMA, change('material', 'wool')), operation.update(b.id, SCHEMA, change('material', 'satin'))], source: { type: 'agent', name: 'Carry-over' } });
    const submitted = await ok('agent', 'POST', `/change-sets/${set.id}/submit`);
    const [keep, revise] = submitted.operations.map((op: { id: string }) => op.id);
    for (const id of [keep, revise]) await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${id}/rate`, { attributeAlias: 'material', rating: 'good' });
    await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${revise}/annotate`, { attributeAlias: 'material', text: 'sat', startOffset: 0, endOffset: 3, sentiment: 'bad' }, 201);
    await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer' });
    // Replacing with the same value (new reasoning) keeps the rating; a new value drops rating and annotation.
    await ok('agent', 'PATCH', `/change-sets/${set.id}/operations/${keep}`, { changes: [{ attributeAlias: 'material', newValue: 'wool', reasoning: 'Checked again' }] });
    await ok('agent', 'PATCH', `/change-sets/${set.id}/operations/${revise}`, { changes: [{ attributeAlias: 'material', newValue: 'silk satin' }] });
    const resubmitted = await ok('agent', 'POST', `/change-sets/${set.id}/resubmit`);
    const [kept, revised] = resubmitted.operations;
    expect(kept.changes[0]).toMatchObject({ newValue: 'wool', rating: 'good', reasoning: 'Checked again' });
    expect(revised.changes[0]).toEqual({ attributeAlias: 'material', scope: {}, newValue: 'silk satin', decision: 'pending' });
    const again = await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer' });
    expect(again.feedbackSummary).toEqual({ good: 1, bad: 0, unrated: 1, snippets: 0 });
  });

  it('edits a draft the same way (PATCH, DELETE), and positions stay in order after a removal', async () => {
    const [a, b, c] = await Promise.all([record('a0'), record('b0'), record('c0')]);
    const set = await createChangeSet(system.api, { as: 'agent', operations: [operation.update(a.id, SCHEMA, change('material', 'a')), operation.update(b.id, SCHEMA, change('material', 'b'))], source: { type: 'agent', name: 'Draft edits' } });
    const [one, two] = set.operations.map((op) => op.id);
    expect((await as('agent', 'DELETE', `/change-sets/${set.id}/operations/${one}`)).status).toBe(204);
    const patched = await ok('agent', 'PATCH', `/change-sets/${set.id}/operations/${two}`, { changes: [{ attributeAlias: 'material', newValue: 'c' }] });
    expect(patched).toMatchObject({ status: 'draft', revision: 0, operations: [{ id: two, changes: [{ newValue: 'c' }] }] });
    const grown = await ok('agent', 'PUT', `/change-sets/${set.id}`, { operations: [operation.update(c.id, SCHEMA, change('material', 'd'))] });
    expect(grown.operations.map((op: { entityId: string }) => op.entityId)).toEqual([b.id, c.id]);
    const page = await ok('viewer', 'GET', `/change-sets/${set.id}/operations?limit=1`);
    const next = await ok('viewer', 'GET', `/change-sets/${set.id}/operations?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect([...page.items, ...next.items].map((op: { entityId: string }) => op.entityId)).toEqual([b.id, c.id]);
    await ok('agent', 'DELETE', `/change-sets/${set.id}`);
  });

  it.each(['pending_approval', 'approved'])('refuses PATCH, DELETE and PUT in %s (409 naming the status), changing nothing', async (status) => {
    const target = await record('cotton');
    const set = await createChangeSet(system.api, { as: 'agent', operations: [operation.update(target.id, SCHEMA, change('material', 'x'))], source: { type: 'agent', name: 'Locked' } });
    await ok('agent', 'POST', `/change-sets/${set.id}/submit`);
    if (status === 'approved') await ok('reviewer', 'POST', `/change-sets/${set.id}/approve`);
    const before = await get(set.id);
    const opId = before.operations[0].id;
    const attempts = [
      await as('agent', 'PATCH', `/change-sets/${set.id}/operations/${opId}`, { changes: [{ attributeAlias: 'material', newValue: 'y' }] }),
      await as('agent', 'DELETE', `/change-sets/${set.id}/operations/${opId}`),
      await as('agent', 'PUT', `/change-sets/${set.id}`, { operations: [operation.update(target.id, SCHEMA, change('material', 'z'))] }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', details: { status, allowed: ['draft', 'revision_requested'] } });
      expect(response.body.message).toContain(`'${status}'`);
    }
    expect(await get(set.id)).toEqual(before);
    if (status === 'approved') await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`);
    else await ok('reviewer', 'POST', `/change-sets/${set.id}/reject`);
  });

  it("refuses another user's edits (403): only the set's creator revises it, reviewers included", async () => {
    await ok('admin', 'POST', '/users', { username: 'agent-other', displayName: 'Other agent', password: 'agent-other-demo', roles: ['role-agent'] }, 201);
    const set = await underRevision();
    const opId = set.operations[0].id;
    for (const user of ['agent-other', 'editor', 'reviewer', 'admin']) {
      const patch = await as(user, 'PATCH', `/change-sets/${set.id}/operations/${opId}`, { changes: [{ attributeAlias: 'material', newValue: 'y' }] });
      const remove = await as(user, 'DELETE', `/change-sets/${set.id}/operations/${opId}`);
      const put = await as(user, 'PUT', `/change-sets/${set.id}`, { operations: [operation.update(set.operations[0].entityId, SCHEMA, change('material', 'z'))] });
      expect({ user, statuses: [patch.status, remove.status, put.status] }).toEqual({ user, statuses: [403, 403, 403] });
    }
    expect(await get(set.id)).toEqual(set);
    // Readers see the revisions.
    expect((await ok('viewer', 'GET', `/change-sets/${set.id}/revisions`)).map((r: { revision: number }) => r.revision)).toEqual([1]);
  });

  it('answers 400 naming the field for bad bodies and revision numbers, 404 for unknown operations and revisions', async () => {
    const set = await underRevision();
    const path = `/change-sets/${set.id}/operations/${set.operations[0].id}`;
    const fieldsOf = async (method: string, target: string, body?: unknown) => {
      const response = await as('agent', method, target, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
      return response.body.details.map((detail: { field: string }) => detail.field);
    };
    expect(await fieldsOf('PATCH', path, {})).toContain('changes');
    expect(await fieldsOf('PATCH', path, { changes: [{ attributeAlias: 'material' }] })).toContain('changes[0].newValue');
    expect(await fieldsOf('PATCH', path, { changes: [{ attributeAlias: 'material', newValue: 'y', confidence: 2 }] })).toContain('changes[0].confidence');
    expect(await fieldsOf('PATCH', path, { changes: [{ attributeAlias: 'material', newValue: 'y', scope: { 'dim-language': 7 } }] })).toContain('changes[0].scope');
    expect(await fieldsOf('PATCH', path, { changes: [], status: 'approved' })).toContain('status');
    expect(await fieldsOf('GET', `/change-sets/${set.id}/revisions/first/diff`)).toContain('n');
    expect(await fieldsOf('GET', `/change-sets/${set.id}/revisions/0/diff`)).toContain('n');
    expect(await get(set.id)).toEqual(set);

    const notFound = [
      await as('agent', 'PATCH', `/change-sets/${set.id}/operations/cop-unknown`, { changes: [{ attributeAlias: 'material', newValue: 'y' }] }),
      await as('agent', 'DELETE', `/change-sets/${set.id}/operations/cop-unknown`),
      await as('viewer', 'GET', `/change-sets/${set.id}/revisions/2/diff`),
      await as('viewer', 'GET', '/change-sets/cs_unknown123/revisions'),
      await as('viewer', 'GET', '/change-sets/cs_unknown123/revisions/1/diff'),
      await as('agent', 'DELETE', '/change-sets/cs_unknown123/operations/cop-unknown'),
    ];
    expect(notFound.map((response) => [response.status, response.body.code])).toEqual(Array(6).fill([404, 'not-found']));
    expect(notFound[2].body.message).toContain('has no revision 2');
  });

  it('resubmit checks the revised set as submit does: an edit that breaks it is refused (422) and the set stays under revision', async () => {
    const set = await underRevision();
    await ok('agent', 'PATCH', `/change-sets/${set.id}/operations/${set.operations[0].id}`, { changes: [{ attributeAlias: 'no-such-attribute', newValue: 'y' }] });
    const refused = await as('agent', 'POST', `/change-sets/${set.id}/resubmit`);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'gate-failed', details: [expect.objectContaining({ field: 'operations[0].changes[0].attributeAlias', rule: 'exists' })] });
    expect(await get(set.id)).toMatchObject({ status: 'revision_requested', revision: 1 });
    expect((await ok('viewer', 'GET', `/change-sets/${set.id}/revisions`)).length).toBe(1);
  });

  it('the demo set, submitted once, is revision 1 with its proposals stored', async () => {
    expect(await get('cs-agent-enrichment')).toMatchObject({ revision: 1, revisionCount: 0 });
    const [revision] = await ok('viewer', 'GET', '/change-sets/cs-agent-enrichment/revisions');
    expect(revision).toEqual({ revision: 1, submittedAt: '2025-03-01T10:05:00.000Z', submittedBy: expect.any(String), operationCount: 3 });
    expect(await ok('viewer', 'GET', '/change-sets/cs-agent-enrichment/revisions/1/diff')).toMatchObject({ from: 1, to: 1, changes: [], truncated: false });
  });

  it('the generated SDK types the new endpoints', async () => {
    const set = await underRevision();
    const agent = system.api.sdk('agent');
    const opId = set.operations[0].id;
    const patched = await agent.PATCH('/change-sets/{id}/operations/{opId}', { params: { path: { id: set.id, opId } }, body: { changes: [{ attributeAlias: 'material', newValue: 'y' }] } });
    expect(patched.data?.operations[0].changes[0].newValue).toBe('y');
    const diff = await agent.GET('/change-sets/{id}/revisions/{n}/diff', { params: { path: { id: set.id, n: 1 } } });
    expect(diff.data?.changes).toEqual([{ operationId: opId, attributeAlias: 'material', scope: {}, kind: 'changed', before: 'x', after: 'y' }]);
    const removed = await agent.DELETE('/change-sets/{id}/operations/{opId}', { params: { path: { id: set.id, opId } } });
    expect(removed.response.status).toBe(204);
  });
});
