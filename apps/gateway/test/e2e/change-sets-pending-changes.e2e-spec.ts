import type { SchemaDto } from '@sigma/contracts';
import { change, createChangeSet, createRecord, createSchema, operation, startTestSystem, submittedChangeSet, type TestSystem } from '@sigma/testing';

/** GET /records/:id/pending-changes: the change-set operations that may still change a record. */
describe('change sets API: pending changes of a record (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ok = async (user: string, method: string, path: string, payload?: unknown, expected = 200) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ path, status: expected, body: undefined });
    return response.body;
  };
  const record = () => createRecord(system.api, { schemaId: schema.id });
  const update = (entityId: string, material: string) => operation.update(entityId, schema.id, change('material', material));
  const draft = (title: string, operations: ReturnType<typeof update>[]) => createChangeSet(system.api, { title, operations });
  const submitted = (title: string, operations: ReturnType<typeof update>[]) => submittedChangeSet(system.api, { title, operations });
  const pending = async (entityId: string) =>
    (await ok('viewer', 'GET', `/records/${entityId}/pending-changes`)).map((entry: { changeSetTitle: string; operation: { status: string } }) => [
      entry.changeSetTitle,
      entry.operation.status,
    ]);

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-pending' });
    schema = await createSchema(system.api);
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  it('returns the demo set’s operation on ent-001 in the seed shape', async () => {
    expect(await ok('viewer', 'GET', '/records/ent-001/pending-changes')).toEqual([
      {
        changeSetId: 'cs-agent-enrichment',
        changeSetTitle: 'AI Product Enrichment',
        source: { type: 'agent', name: 'Claude' },
        operation: {
          id: 'cop-enrich-1',
          type: 'update',
          status: 'pending',
          changes: [
            expect.objectContaining({
              attributeAlias: 'short-description',
              attributeName: 'Short Description',
              oldValue: 'A classic shirt.',
              newValue: 'Timeless Oxford weave in premium cotton...',
              confidence: 0.92,
              reasoning: 'Enhanced with fabric details and style context',
            }),
          ],
        },
      },
    ]);
  });

  it('lists operations of sets in review, revision requested and approved with their status, newest set first', async () => {
    const target = await record();
    const other = await record();
    await draft('Draft', [update(target.id, 'Cashmere')]);
    const review = await submitted('In review', [update(target.id, 'Alpaca'), update(other.id, 'Nylon'), update(target.id, 'Wool')]);
    expect(await pending(target.id)).toEqual([
      ['In review', 'pending'],
      ['In review', 'pending'],
    ]);
    expect(await pending(other.id)).toEqual([['In review', 'pending']]);

    // Decided operations: an approved one may still be applied, a rejected one will not be.
    await ok('reviewer', 'POST', `/change-sets/${review.id}/operations/${review.operations[0].id}/approve`);
    await ok('reviewer', 'POST', `/change-sets/${review.id}/operations/${review.operations[2].id}/reject`);
    expect(await pending(target.id)).toEqual([['In review', 'approved']]);

    const revising = await submitted('Revision requested', [update(target.id, 'Silk')]);
    await ok('reviewer', 'POST', `/change-sets/${revising.id}/request-revision`, { requestedBy: 'user-reviewer' });
    const refused = await submitted('Rejected', [update(target.id, 'Felt')]);
    await ok('reviewer', 'POST', `/change-sets/${refused.id}/reject`);
    expect(await pending(target.id)).toEqual([
      ['Revision requested', 'pending'],
      ['In review', 'approved'],
    ]);

    // The last pending operation decided: the set is approved and not yet applied.
    await ok('reviewer', 'POST', `/change-sets/${review.id}/operations/${review.operations[1].id}/approve`);
    expect((await ok('viewer', 'GET', `/change-sets/${review.id}`)).status).toBe('approved');
    expect(await pending(target.id)).toEqual([
      ['Revision requested', 'pending'],
      ['In review', 'approved'],
    ]);
    expect(await pending(other.id)).toEqual([['In review', 'approved']]);

    // Applied: no longer pending.
    expect(await ok('reviewer', 'POST', `/change-sets/${review.id}/apply`)).toEqual({ applied: 2, skipped: 1, errors: [] });
    expect(await pending(target.id)).toEqual([['Revision requested', 'pending']]);
    expect(await pending(other.id)).toEqual([]);
  });

  it('carries the set, its source and the operation’s changes', async () => {
    const target = await record();
    const set = await submitted('Shape', [update(target.id, 'Hemp')]);
    expect(await ok('viewer', 'GET', `/records/${target.id}/pending-changes`)).toEqual([
      {
        changeSetId: set.id,
        changeSetTitle: 'Shape',
        source: { type: 'user', name: 'Test builder' },
        operation: { id: set.operations[0].id, type: 'update', status: 'pending', changes: [{ attributeAlias: 'material', scope: {}, newValue: 'Hemp', decision: 'pending' }] },
      },
    ]);
  });

  it('is empty for a record without pending changes', async () => {
    expect(await ok('viewer', 'GET', `/records/${(await record()).id}/pending-changes`)).toEqual([]);
  });

  it('is a 404 for an unknown record, like every other /records/:id read', async () => {
    const response = await as('viewer', 'GET', '/records/ent-unknown/pending-changes');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not-found' });
  });
});
