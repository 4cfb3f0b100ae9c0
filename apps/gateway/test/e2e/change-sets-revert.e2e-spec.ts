import { type ApiResponse, startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Revert: an applied set proposes its inverse as a new draft; applying that restores the values;
 * an edit after the apply shows the revert's change as stale; 409 on other statuses; roles.
 */
jest.setTimeout(180_000);

describe('change sets API: revert (e2e)', () => {
  let system: TestSystem;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ok = async (user: string, method: string, path: string, body?: unknown, expected = 200): Promise<any> => {
    const response: ApiResponse = await as(user, method, path, body);
    expect({ path, status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ path, status: expected, body: undefined });
    return response.body;
  };
  const values = async (id: string) => (await ok('viewer', 'GET', `/records/${id}`)).values as Record<string, { scope: object; value: unknown }[]>;
  const newRecord = async (sku: string, material: string) =>
    (await ok('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }], material: [{ scope: {}, value: material }] } }, 201))
      .id as string;
  /** A set as `user`, submitted, approved and applied (200). */
  async function applied(user: string, title: string, operations: unknown[]): Promise<any> {
    const set = await ok(user, 'POST', '/change-sets', { title, source: { type: 'integration', id: 'erp', name: 'ERP' }, operations }, 201);
    await ok(user, 'POST', `/change-sets/${set.id}/submit`);
    await ok('reviewer', 'POST', `/change-sets/${set.id}/approve`, { allowStale: true });
    expect(await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`)).toMatchObject({ errors: [] });
    return set;
  }

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-revert' });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  describe('an applied set with an update, a create and a delete', () => {
    let updated: string;
    let deleted: string;
    let original: any;
    let revert: ApiResponse;
    let createdId: string;

    beforeAll(async () => {
      updated = await newRecord('RVT-UPD', 'Cotton');
      deleted = await newRecord('RVT-DEL', 'Wool');
      original = await applied('editor', 'Autumn materials', [
        {
          type: 'update',
          entityId: updated,
          schemaId: 'schema-apparel',
          changes: [
            { attributeAlias: 'material', oldValue: 'Cotton', newValue: 'Linen' },
            { attributeAlias: 'short-description', newValue: 'Light linen' },
          ],
        },
        { type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'RVT-NEW' }, { attributeAlias: 'material', newValue: 'Silk' }] },
        { type: 'delete', entityId: deleted, schemaId: 'schema-apparel', changes: [] },
      ]);
      const applyAudit = await ok('viewer', 'GET', `/records/${updated}/audit?order=desc&limit=1`);
      expect(applyAudit[0]).toMatchObject({ changeSetId: original.id });
      createdId = (await ok('viewer', 'GET', `/change-sets/${original.id}`)).operations[1].entityId ?? '';
      revert = await as('editor', 'POST', `/change-sets/${original.id}/revert`);
    });

    it('answers 201 with a Location and a draft of yours titled "Revert: <title>"', () => {
      expect(revert.status).toBe(201);
      expect(revert.headers.get('location')).toBe(`/api/v1/change-sets/${revert.body.id}`);
      expect(revert.body).toMatchObject({
        title: 'Revert: Autumn materials',
        status: 'draft',
        createdBy: 'user-editor',
        source: { type: 'user', id: 'user-editor' },
      });
      expect(revert.body.id).not.toBe(original.id);
    });

    it('proposes the inverse, last operation first: the delete becomes a create, the create a delete, the update sets values back', () => {
      const operations = revert.body.operations;
      expect(operations.map((operation: { type: string }) => operation.type)).toEqual(['create', 'delete', 'update']);
      const [recreate, remove, restore] = operations;
      expect(recreate.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ attributeAlias: 'sku', newValue: 'RVT-DEL' }),
          expect.objectContaining({ attributeAlias: 'material', newValue: 'Wool' }),
        ]),
      );
      expect(remove.entityId).toBeTruthy();
      if (createdId) expect(remove.entityId).toBe(createdId);
      expect(restore.entityId).toBe(updated);
      const byAlias = Object.fromEntries(restore.changes.map((change: { attributeAlias: string }) => [change.attributeAlias, change]));
      expect(byAlias.material).toMatchObject({ oldValue: 'Linen', newValue: 'Cotton' });
      // There was no short description before: the inverse clears it.
      expect(byAlias['short-description']).toMatchObject({ oldValue: 'Light linen', newValue: null });
      expect(restore.changes.some((change: { stale?: boolean }) => change.stale)).toBe(false);
    });

    it('applying the revert restores the values', async () => {
      const id = revert.body.id;
      await ok('editor', 'POST', `/change-sets/${id}/submit`);
      await ok('reviewer', 'POST', `/change-sets/${id}/approve`);
      expect(await ok('reviewer', 'POST', `/change-sets/${id}/apply`)).toEqual({ applied: 3, skipped: 0, errors: [] });
      const restored = await values(updated);
      expect(restored.material).toEqual([{ scope: {}, value: 'Cotton' }]);
      expect(restored['short-description'] ?? []).toEqual([]);
      expect((await as('viewer', 'GET', `/records/${remove(revert)}`)).status).toBe(404);
      const skus = (await ok('viewer', 'GET', '/records?limit=500')).items.map((item: any) => item.values.sku?.[0]?.value);
      expect(skus).toContain('RVT-DEL');
      expect(skus).not.toContain('RVT-NEW');
    });
  });

  it('an edit after the apply makes the revert\'s change stale', async () => {
    const id = await newRecord('RVT-STALE', 'Cotton');
    const set = await applied('editor', 'Stale later', [
      { type: 'update', entityId: id, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', oldValue: 'Cotton', newValue: 'Linen' }] },
    ]);
    await ok('editor', 'PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value: 'Hemp' }] });
    const revert = await ok('editor', 'POST', `/change-sets/${set.id}/revert`, undefined, 201);
    const read = await ok('viewer', 'GET', `/change-sets/${revert.id}`);
    expect(read.operations[0].changes[0]).toMatchObject({ attributeAlias: 'material', oldValue: 'Linen', newValue: 'Cotton', stale: true, currentValue: 'Hemp' });
  });

  it('409 for a set that is not applied, 404 for an unknown one', async () => {
    const draft = await ok('editor', 'POST', '/change-sets', { title: 'Draft', source: { type: 'user', name: 'x' }, operations: [] }, 201);
    const refused = await as('editor', 'POST', `/change-sets/${draft.id}/revert`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'conflict', details: { status: 'draft', allowed: ['applied', 'partially_applied'] } });
    expect((await as('editor', 'POST', '/change-sets/cs-unknown/revert')).status).toBe(404);
  });

  it('roles: proposing a revert needs the propose permission; an agent proposes it as an agent', async () => {
    const id = await newRecord('RVT-ROLES', 'Cotton');
    const set = await applied('editor', 'Roles', [
      { type: 'update', entityId: id, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Linen' }] },
    ]);
    expect((await as('viewer', 'POST', `/change-sets/${set.id}/revert`)).status).toBe(403);
    expect((await as('reviewer', 'POST', `/change-sets/${set.id}/revert`)).status).toBe(403);
    expect((await system.api.request('POST', `/change-sets/${set.id}/revert`)).status).toBe(401);
    const byAgent = await ok('agent', 'POST', `/change-sets/${set.id}/revert`, undefined, 201);
    expect(byAgent.source).toMatchObject({ type: 'agent', id: 'user-agent' });
    expect((await ok('admin', 'POST', `/change-sets/${set.id}/revert`, undefined, 201)).source).toMatchObject({ type: 'user', id: 'user-admin' });
  });
});

function remove(revert: ApiResponse): string {
  return revert.body.operations[1].entityId;
}
