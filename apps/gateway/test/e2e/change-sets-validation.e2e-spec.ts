import type { ChangeSetDto, OperationDto, OperationPage, RecordDto } from '@sigma/contracts';
import { change, createChangeSet, createRecord, operation, startTestSystem, submittedChangeSet, type TestSystem, uniqueSku } from '@sigma/testing';

/**
 * Before a reviewer decides: submit and resubmit refuse values a record write would refuse (one
 * detail per change), and a change whose oldValue the record no longer holds is flagged when the
 * set is read and approved only knowingly (allowStale).
 */
describe('change sets API: validation at submit and stale warnings (e2e)', () => {
  let system: TestSystem;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const APPAREL = 'schema-apparel';
  const dk = { 'dim-market': 'seg-dk' };
  const da = { 'dim-language': 'seg-da' };

  const ok = async (user: string, method: string, path: string, payload?: unknown) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({ path, status: 200, body: undefined });
    return response.body;
  };
  const get = (id: string): Promise<ChangeSetDto> => ok('viewer', 'GET', `/change-sets/${id}`);
  const setMaterial = (id: string, value: string) => ok('editor', 'PATCH', `/records/${id}/values/material`, { scopedValues: [{ scope: {}, value }] });
  const record = (values: RecordDto['values'] = {}) => createRecord(system.api, { schemaId: APPAREL, values });

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-validation' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('submit', () => {
    it('refuses price "cheap", garment-type "spaceship" and an existing record\'s SKU with exactly 3 details; the set stays a draft', async () => {
      const holder = await record();
      const target = await record();
      const heldSku = holder.values.sku[0].value;
      const set = await createChangeSet(system.api, {
        as: 'agent',
        source: { type: 'agent', name: 'Enricher' },
        operations: [
          operation.update(target.id, APPAREL, change('material', 'Linen'), change('price', 'cheap', { scope: dk })),
          operation.update(target.id, APPAREL, change('garment-type', 'spaceship')),
          operation.create(APPAREL, change('product-name', 'Copy', { scope: da }), change('sku', heldSku)),
        ],
      });
      const response = await as('agent', 'POST', `/change-sets/${set.id}/submit`);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'gate-failed' });
      expect(response.body.details).toEqual([
        { field: 'operations[0].changes[1].newValue', rule: 'dataType', message: 'must be a finite number', attributeAlias: 'price', scope: dk },
        { field: 'operations[1].changes[0].newValue', rule: 'options', message: expect.stringContaining('shirt'), attributeAlias: 'garment-type', scope: {} },
        { field: 'operations[2].changes[1].newValue', rule: 'unique', message: expect.stringContaining(holder.id), attributeAlias: 'sku', scope: {} },
      ]);
      expect(response.body.message).toContain('operations[1].changes[0].newValue');
      const after = await get(set.id);
      expect(after.status).toBe('draft');
      expect(after).not.toHaveProperty('submittedAt');
    });

    it('refuses a unique value proposed for two records of the same set, naming the first', async () => {
      const sku = uniqueSku('DUP');
      const set = await createChangeSet(system.api, {
        operations: [operation.create(APPAREL, change('sku', sku)), operation.create(APPAREL, change('sku', sku))],
      });
      const response = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'operations[1].changes[0].newValue', rule: 'unique', message: expect.stringContaining('operations[0].changes[0]') }),
      ]);
    });

    it('refuses a scope outside the attribute\'s dimensions with the rule of a record write', async () => {
      const target = await record();
      const set = await createChangeSet(system.api, { operations: [operation.update(target.id, APPAREL, change('sku', 'X-1', { scope: da }))] });
      const response = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'operations[0].changes[0].scope', rule: 'scope-dimension', attributeAlias: 'sku' })]);
    });

    it('accepts valid values, a record keeping its own SKU and a null that clears', async () => {
      const target = await record({ price: [{ scope: dk, value: 10 }] });
      const set = await submittedChangeSet(system.api, {
        operations: [
          operation.update(
            target.id,
            APPAREL,
            change('sku', target.values.sku[0].value),
            change('price', 12.5, { scope: dk }),
            change('garment-type', 'shirt'),
            change('material', null),
          ),
          operation.create(APPAREL, change('sku', uniqueSku('NEW')), change('price', 99, { scope: dk })),
        ],
      });
      expect(set.status).toBe('pending_approval');
    });
  });

  describe('a set larger than one request to records (checked in chunks)', () => {
    const COUNT = 1200;
    const materials = (id: string, oldValue?: string) =>
      Array.from({ length: COUNT }, (_, index) => operation.update(id, APPAREL, change('material', `Blend ${index}`, oldValue === undefined ? {} : { oldValue })));

    it('names an invalid value past the first chunks by its place in the set', async () => {
      const target = await record();
      const operations = materials(target.id);
      operations[1150] = operation.update(target.id, APPAREL, change('price', 'x', { scope: dk }));
      const set = await createChangeSet(system.api, { operations });
      const response = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'operations[1150].changes[0].newValue', rule: 'dataType' })]);
    });

    it('flags every stale change of the set on read, and a refused approval lists at most 100 of them', async () => {
      const target = await record({ material: [{ scope: {}, value: 'Cotton' }] });
      const set = await submittedChangeSet(system.api, { operations: materials(target.id, 'Cotton') });
      await setMaterial(target.id, 'Wool');
      // Past 1,000 operations a read is the set's summary: its stale changes are read by page.
      expect(await get(set.id)).toMatchObject({ operations: [], operationsOmitted: true, operationCount: COUNT });
      const stale: OperationDto[] = [];
      let cursor: string | undefined;
      do {
        const page: OperationPage = await ok('viewer', 'GET', `/change-sets/${set.id}/operations?limit=500&stale=true${cursor ? `&cursor=${cursor}` : ''}`);
        stale.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(stale.filter((op) => op.changes[0].stale && op.changes[0].currentValue === 'Wool')).toHaveLength(COUNT);
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/approve`);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('stale-change');
      expect(response.body.details).toHaveLength(100);
      expect(response.body.message).toContain(`${COUNT} change(s)`);
    });
  });

  describe('resubmit', () => {
    it('validates again: a SKU taken by another record since the submit is refused, and the set stays revision_requested', async () => {
      const sku = uniqueSku('LATE');
      const set = await submittedChangeSet(system.api, { operations: [operation.create(APPAREL, change('sku', sku))] });
      await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer', message: 'Check the SKU' });
      const taker = await createRecord(system.api, { schemaId: APPAREL, sku });
      const response = await as('editor', 'POST', `/change-sets/${set.id}/resubmit`);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'gate-failed' });
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'operations[0].changes[0].newValue', rule: 'unique', message: expect.stringContaining(taker.id) }),
      ]);
      expect((await get(set.id)).status).toBe('revision_requested');
    });
  });

  describe('stale changes', () => {
    let target: RecordDto;
    let set: ChangeSetDto;
    const staleChange = (read: ChangeSetDto) => read.operations[0].changes;

    beforeAll(async () => {
      target = await record({ material: [{ scope: {}, value: 'Cotton' }], 'product-name': [{ scope: da, value: 'Skjorte' }] });
      set = await submittedChangeSet(system.api, {
        operations: [
          operation.update(
            target.id,
            APPAREL,
            change('material', 'Linen', { oldValue: 'Cotton' }),
            change('product-name', 'Ny skjorte', { scope: da, oldValue: 'Skjorte' }),
            change('garment-type', 'shirt'),
          ),
          operation.update(target.id, APPAREL, change('short-description', 'Fresh', { oldValue: null })),
        ],
      });
    });

    it('are not flagged while the record still holds the oldValues', async () => {
      const read = await get(set.id);
      for (const proposed of read.operations.flatMap((op) => op.changes)) {
        expect(proposed).not.toHaveProperty('stale');
        expect(proposed).not.toHaveProperty('currentValue');
      }
    });

    it('are flagged with the current value on GET /change-sets/:id and GET …/operations once the record was edited', async () => {
      await setMaterial(target.id, 'Wool');
      const read = await get(set.id);
      expect(staleChange(read)).toEqual([
        expect.objectContaining({ attributeAlias: 'material', oldValue: 'Cotton', newValue: 'Linen', stale: true, currentValue: 'Wool' }),
        expect.not.objectContaining({ stale: true }),
        expect.not.objectContaining({ stale: true }),
      ]);
      expect(read.operations[1].changes[0]).not.toHaveProperty('stale');
      const page = await ok('viewer', 'GET', `/change-sets/${set.id}/operations`);
      expect(page.items[0].changes[0]).toMatchObject({ stale: true, currentValue: 'Wool' });
      expect(page.items[1].changes[0]).not.toHaveProperty('stale');
    });

    it('a cleared value is flagged stale with currentValue null', async () => {
      const cleared = await record({ material: [{ scope: {}, value: 'Silk' }] });
      const proposal = await submittedChangeSet(system.api, { operations: [operation.update(cleared.id, APPAREL, change('material', 'Hemp', { oldValue: 'Silk' }))] });
      await ok('editor', 'PATCH', `/records/${cleared.id}/values/material`, { scopedValues: [] });
      const [flagged] = (await get(proposal.id)).operations[0].changes;
      expect(flagged).toMatchObject({ stale: true, currentValue: null });
    });

    it('approving the set or the operation without allowStale is a 409 stale-change listing the stale change; nothing is decided', async () => {
      for (const path of [`/change-sets/${set.id}/approve`, `/change-sets/${set.id}/operations/${set.operations[0].id}/approve`]) {
        const response = await as('reviewer', 'POST', path, { reviewNote: 'Looks fine' });
        expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 409, code: 'stale-change' });
        expect(response.body.details).toEqual([
          { operationId: set.operations[0].id, field: 'operations[0].changes[0]', attributeAlias: 'material', scope: {}, expected: 'Cotton', actual: 'Wool' },
        ]);
        expect(response.body.message).toContain('allowStale');
      }
      const after = await get(set.id);
      expect(after.status).toBe('pending_approval');
      expect(after.operations.map((op) => op.status)).toEqual(['pending', 'pending']);
    });

    it('per-change decisions: approving the stale change is a 409 without allowStale, approving a fresh one of the same operation is not', async () => {
      const decide = (decisions: unknown[], extra: Record<string, unknown> = {}) =>
        as('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/changes/decide`, { decisions, ...extra });
      const refused = await decide([{ attributeAlias: 'material', decision: 'approve' }]);
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'stale-change' });
      expect(refused.body.details).toEqual([expect.objectContaining({ attributeAlias: 'material', expected: 'Cotton', actual: 'Wool' })]);
      const fresh = await decide([{ attributeAlias: 'garment-type', decision: 'approve' }]);
      expect(fresh.status).toBe(200);
      const knowingly = await decide([{ attributeAlias: 'material', decision: 'approve' }], { allowStale: true });
      expect(knowingly.status).toBe(200);
      // Decisions stay open while the set is in review: back to undecided for the tests below.
      const read = await get(set.id);
      expect(read.operations[0].changes.map((proposed) => proposed.decision)).toEqual(['approved', 'pending', 'approved']);
    });

    it('an operation without stale changes is approved as before', async () => {
      const approved = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[1].id}/approve`);
      expect(approved.operations.map((op: { status: string }) => op.status)).toEqual(['pending', 'approved']);
    });

    it('allowStale: true approves it, and the stale flag stays visible until apply, which refuses the conflict', async () => {
      const approved = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/approve`, { allowStale: true });
      expect(approved).toMatchObject({ status: 'approved' });
      expect((await get(set.id)).operations[0].changes[0]).toMatchObject({ stale: true, currentValue: 'Wool' });
      const result = await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`);
      expect(result).toEqual({ applied: 1, skipped: 0, errors: [expect.objectContaining({ operationId: set.operations[0].id, code: 'conflict' })] });
      const applied = await get(set.id);
      expect(applied.status).toBe('partially_applied');
      expect(applied.operations[0].changes[0]).not.toHaveProperty('stale');
    });

    it('the whole set is approved with allowStale: true', async () => {
      const other = await record({ material: [{ scope: {}, value: 'Cotton' }] });
      const proposal = await submittedChangeSet(system.api, { operations: [operation.update(other.id, APPAREL, change('material', 'Linen', { oldValue: 'Cotton' }))] });
      await setMaterial(other.id, 'Denim');
      expect((await as('reviewer', 'POST', `/change-sets/${proposal.id}/approve`)).status).toBe(409);
      const approved = await ok('reviewer', 'POST', `/change-sets/${proposal.id}/approve`, { allowStale: true, reviewNote: 'Linen is right anyway' });
      expect(approved).toMatchObject({ status: 'approved', reviewNote: 'Linen is right anyway' });
    });

    it('allowStale must be a boolean (400 naming it)', async () => {
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/approve`, { allowStale: 'yes' });
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toContain('allowStale');
    });
  });
});
