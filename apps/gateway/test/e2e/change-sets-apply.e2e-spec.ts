import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

/** Applying approved change sets: per-operation atomicity, conflicts, skipped and failed operations, idempotency, audit. */
describe('change sets API: apply (e2e)', () => {
  let system: TestSystem;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);

  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const da = { 'dim-language': 'seg-da' };
  const dk = { 'dim-market': 'seg-dk' };
  const change = (attributeAlias: string, newValue: unknown, extra: Record<string, unknown> = {}) => ({ attributeAlias, newValue, ...extra });
  const update = (entityId: string, ...changes: ReturnType<typeof change>[]) => ({ type: 'update', entityId, schemaId: 'schema-apparel', changes });
  const ok = async (user: string, method: string, path: string, payload?: unknown, expected = 200) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ path, status: expected, body: undefined });
    return response.body;
  };
  const draft = async (operations: unknown[]) =>
    ok('editor', 'POST', '/change-sets', { title: 'Apply test', source: { type: 'integration', id: 'erp', name: 'ERP' }, operations }, 201);
  const approved = async (operations: unknown[]) => {
    const set = await draft(operations);
    await ok('editor', 'POST', `/change-sets/${set.id}/submit`);
    return ok('reviewer', 'POST', `/change-sets/${set.id}/approve`);
  };
  const record = (id: string) => ok('viewer', 'GET', `/records/${id}`);
  const auditCount = async (id: string) => {
    const response = await as('viewer', 'GET', `/records/${id}/audit?limit=1&order=desc`);
    expect(response.status).toBe(200);
    return Number(response.headers.get('x-total-count'));
  };
  const audit = async (id: string) => (await ok('viewer', 'GET', `/records/${id}/audit?limit=500&order=desc`)) as Record<string, any>[];
  const recordBySku = async (sku: string) => {
    const list = await ok('viewer', 'GET', '/records?limit=500');
    return list.items.find((item: { values: Record<string, { value: unknown }[]> }) => item.values.sku?.[0]?.value === sku);
  };
  /** Waits long enough for a (wrong) second write to have reached the audit trail. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-apply' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('a set with create, update and delete operations, a conflict, an invalid value, a missing entity and a rejected operation', () => {
    let set: any;
    let result: any;
    let gone: string;
    const before: Record<string, number> = {};
    const untouched: Record<string, unknown> = {};

    beforeAll(async () => {
      gone = (await ok('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'GONE-001' }] } }, 201)).id;
      const created = await draft([
        { type: 'create', schemaId: 'schema-apparel', changes: [change('sku', 'APL-NEW-1'), change('product-name', 'Applied Shirt'), change('product-name', 'Anvendt skjorte', { scope: da }), change('garment-type', 'shirt')] },
        update(
          'ent-003',
          change('price', 1499, { scope: dk, oldValue: 1399 }),
          change('description', 'Ny vandtæt jakke.', { scope: da, oldValue: 'Vandtæt jakke med tapede sømme.' }),
          change('material', 'Nylon', { oldValue: null }),
        ),
        { type: 'delete', entityId: 'ent-004', schemaId: 'schema-apparel', changes: [] },
        // stale: all or nothing, so material is not written either
        update('ent-001', change('material', 'Linen'), change('short-description', 'New', { oldValue: 'Not the current text' })),
        // valid at submit, invalid at apply (another record takes the SKU meanwhile): all or nothing, so short-description is not written either
        update('ent-002', change('short-description', 'A valid text'), change('sku', 'APL-TAKEN-1')),
        update('ent-002', change('material', 'Cashmere')),
        update(gone, change('material', 'Linen')),
      ]);
      for (const id of ['ent-001', 'ent-002', 'ent-003', 'ent-004']) before[id] = await auditCount(id);
      for (const id of ['ent-001', 'ent-002']) untouched[id] = await record(id);
      await ok('editor', 'POST', `/change-sets/${created.id}/submit`);
      await ok('reviewer', 'POST', `/change-sets/${created.id}/operations/${created.operations[5].id}/reject`, { reviewNote: 'Keep the wool' });
      // Approving the stale operation 3 on its own is refused, naming the change by its place in the set.
      const refused = await as('reviewer', 'POST', `/change-sets/${created.id}/operations/${created.operations[3].id}/approve`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'operations[3].changes[1]' })]);
      // Operation 3 is stale (flagged when read); the reviewer approves it knowingly, and apply refuses it.
      expect((await ok('reviewer', 'POST', `/change-sets/${created.id}/approve`, { allowStale: true })).status).toBe('approved');
      expect((await as('admin', 'DELETE', `/records/${gone}`)).status).toBe(204);
      await ok('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'APL-TAKEN-1' }] } }, 201);
      set = created;
      result = await ok('reviewer', 'POST', `/change-sets/${created.id}/apply`);
    });

    const opId = (index: number) => set.operations[index].id;

    it('answers { applied, skipped, errors: [{ operationId, code, message }] }', () => {
      expect(result).toEqual({
        applied: 3,
        skipped: 1,
        errors: [
          { operationId: opId(3), code: 'conflict', message: expect.stringContaining('short-description') },
          { operationId: opId(4), code: 'validation-failed', message: expect.stringContaining('sku') },
          { operationId: opId(6), code: 'not-found', message: expect.stringContaining(gone) },
        ],
      });
    });

    it('marks the set partially_applied and each operation with its outcome', async () => {
      const after = await ok('viewer', 'GET', `/change-sets/${set.id}`);
      expect(after).toMatchObject({ status: 'partially_applied', appliedAt: expect.stringMatching(ISO), applyResult: result, applyProgress: { done: 6, total: 6 } });
      expect(after.operations.map((operation: { status: string }) => operation.status)).toEqual(['applied', 'applied', 'applied', 'failed', 'failed', 'rejected', 'failed']);
      expect(after.operations[3].error).toEqual({ code: 'conflict', message: expect.any(String) });
      expect(after.operations[5].reviewNote).toBe('Keep the wool');
      expect(after.operations[5]).not.toHaveProperty('error');
    });

    it('created the record of the create operation, with its scoped values', async () => {
      const created = await recordBySku('APL-NEW-1');
      expect(created).toBeDefined();
      expect(created.values).toMatchObject({
        'product-name': [
          { scope: {}, value: 'Applied Shirt' },
          { scope: da, value: 'Anvendt skjorte' },
        ],
        'garment-type': [{ scope: {}, value: 'shirt' }],
      });
    });

    it('updated ent-003 (set, insert, scoped) and deleted ent-004', async () => {
      const jacket = await record('ent-003');
      expect(jacket.values.price).toEqual(expect.arrayContaining([{ scope: dk, value: 1499 }, { scope: {}, value: 189 }]));
      expect(jacket.values.description).toEqual(expect.arrayContaining([{ scope: da, value: 'Ny vandtæt jakke.' }, { scope: {}, value: 'Waterproof jacket with taped seams.' }]));
      expect(jacket.values.material).toEqual([{ scope: {}, value: 'Nylon' }]);
      expect((await as('viewer', 'GET', '/records/ent-004')).status).toBe(404);
    });

    it('wrote nothing of the conflicting, invalid or rejected operations', async () => {
      for (const id of ['ent-001', 'ent-002']) expect(await record(id)).toEqual(untouched[id]);
      await settle();
      expect(await auditCount('ent-001')).toBe(before['ent-001']);
      expect(await auditCount('ent-002')).toBe(before['ent-002']);
    });

    it('audits each applied operation once, with changeSetId, operationId and the applying user', async () => {
      const [jacketEntry] = await eventually(async () => {
        const entries = await audit('ent-003');
        expect(entries).toHaveLength(before['ent-003'] + 1);
        return entries;
      });
      expect(jacketEntry).toMatchObject({ action: 'update', userId: 'user-reviewer', changeSetId: set.id, operationId: opId(1) });
      expect(jacketEntry.changes).toEqual(
        expect.arrayContaining([
          { attributeAlias: 'price', scope: dk, oldValue: 1399, newValue: 1499 },
          { attributeAlias: 'description', scope: da, oldValue: 'Vandtæt jakke med tapede sømme.', newValue: 'Ny vandtæt jakke.' },
          { attributeAlias: 'material', scope: {}, oldValue: null, newValue: 'Nylon' },
        ]),
      );
      const [deleteEntry] = await eventually(async () => {
        const entries = await audit('ent-004');
        expect(entries).toHaveLength(before['ent-004'] + 1);
        return entries;
      });
      expect(deleteEntry).toMatchObject({ action: 'delete', userId: 'user-reviewer', changeSetId: set.id, operationId: opId(2) });
      const created = await recordBySku('APL-NEW-1');
      const createEntries = await eventually(async () => {
        const entries = await audit(created.id);
        expect(entries).toHaveLength(1);
        return entries;
      });
      expect(createEntries[0]).toMatchObject({ action: 'create', entityId: created.id, userId: 'user-reviewer', changeSetId: set.id, operationId: opId(0) });
    });

    it('a repeated apply returns the same result and changes nothing again', async () => {
      const snapshot = { jacket: await record('ent-003'), created: await recordBySku('APL-NEW-1'), set: await ok('viewer', 'GET', `/change-sets/${set.id}`) };
      const counts = { jacket: await auditCount('ent-003'), deleted: await auditCount('ent-004'), created: await auditCount(snapshot.created.id) };
      expect(await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`)).toEqual(result);
      expect(await ok('editor', 'POST', `/change-sets/${set.id}/apply`)).toEqual(result);
      await settle();
      expect(await record('ent-003')).toEqual(snapshot.jacket);
      expect(await recordBySku('APL-NEW-1')).toEqual(snapshot.created);
      expect((await ok('viewer', 'GET', '/records?limit=500')).items.filter((item: any) => item.values.sku?.[0]?.value === 'APL-NEW-1')).toHaveLength(1);
      expect(await ok('viewer', 'GET', `/change-sets/${set.id}`)).toEqual(snapshot.set);
      expect({ jacket: await auditCount('ent-003'), deleted: await auditCount('ent-004'), created: await auditCount(snapshot.created.id) }).toEqual(counts);
    });
  });

  describe('a set where every operation applies', () => {
    it('is applied: { applied: n, skipped: 0, errors: [] } and status applied', async () => {
      const set = await approved([
        update('ent-001', change('product-name', 'Oxford-Hemd', { scope: { 'dim-language': 'seg-de' }, oldValue: 'Klassisches Oxford-Hemd' })),
        update('ent-002', change('price', null, { scope: dk, oldValue: 899 }), change('price', 109, { oldValue: 119 })),
        { type: 'create', schemaId: 'schema-apparel', changes: [change('sku', 'APL-NEW-2')] },
      ]);
      const before = await auditCount('ent-002');
      expect(await ok('editor', 'POST', `/change-sets/${set.id}/apply`)).toEqual({ applied: 3, skipped: 0, errors: [] });
      const after = await ok('viewer', 'GET', `/change-sets/${set.id}`);
      expect(after).toMatchObject({ status: 'applied', applyResult: { applied: 3, skipped: 0, errors: [] } });
      expect(after.operations.map((operation: { status: string }) => operation.status)).toEqual(['applied', 'applied', 'applied']);
      expect((await record('ent-001')).values['product-name']).toContainEqual({ scope: { 'dim-language': 'seg-de' }, value: 'Oxford-Hemd' });
      expect((await record('ent-002')).values.price).toEqual([{ scope: {}, value: 109 }]);
      expect(await recordBySku('APL-NEW-2')).toBeDefined();
      const entries = await eventually(async () => {
        const list = await audit('ent-002');
        expect(list).toHaveLength(before + 1);
        return list;
      });
      expect(entries[0]).toMatchObject({ userId: 'user-editor', changeSetId: set.id, operationId: set.operations[1].id });
    });

    it('two applies at the same time apply once and answer the same', async () => {
      const set = await approved([update('ent-003', change('material', 'Recycled nylon', { oldValue: 'Nylon' }))]);
      const before = await auditCount('ent-003');
      const [first, second] = await Promise.all([as('reviewer', 'POST', `/change-sets/${set.id}/apply`), as('editor', 'POST', `/change-sets/${set.id}/apply`)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(first.body).toEqual({ applied: 1, skipped: 0, errors: [] });
      expect(second.body).toEqual(first.body);
      await eventually(async () => expect(await auditCount('ent-003')).toBe(before + 1));
      await settle();
      expect(await auditCount('ent-003')).toBe(before + 1);
    });
  });

  describe('apply on a set that is not approved', () => {
    it.each([
      ['draft', async () => draft([update('ent-001', change('material', 'Silk'))])],
      ['pending_approval', async () => ok('viewer', 'GET', '/change-sets/cs-agent-enrichment')],
      [
        'rejected',
        async () => {
          const set = await draft([update('ent-001', change('material', 'Silk'))]);
          await ok('editor', 'POST', `/change-sets/${set.id}/submit`);
          return ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/reject`);
        },
      ],
      [
        'revision_requested',
        async () => {
          const set = await draft([update('ent-001', change('material', 'Silk'))]);
          await ok('editor', 'POST', `/change-sets/${set.id}/submit`);
          return ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer' });
        },
      ],
    ])('is a 409 naming the status (%s), writing nothing', async (status, makeSet) => {
      const set = await makeSet();
      expect(set.status).toBe(status);
      const material = (await record('ent-001')).values.material;
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/apply`);
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'conflict' });
      expect(response.body.message).toContain(status);
      const after = await ok('viewer', 'GET', `/change-sets/${set.id}`);
      expect(after.status).toBe(status);
      expect(after).not.toHaveProperty('applyResult');
      expect((await record('ent-001')).values.material).toEqual(material);
    });

    it('an unknown change set is a 404', async () => {
      expect((await as('reviewer', 'POST', '/change-sets/cs_unknown123/apply')).status).toBe(404);
    });
  });
});
