import { startTestSystem, type TestSystem } from '@sigma/testing';
import { Client } from 'pg';

describe('completeness and lifecycle (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'lifecycle' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const createRecord = async (values: Record<string, unknown>) => {
    const response = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  describe('GET /records/:id/completeness', () => {
    it('scores the demo shirt against its current state (draft: product-name per language + sku)', async () => {
      const response = await system.api.as('viewer', 'GET', '/records/ent-001/completeness');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ entityId: 'ent-001', lifecycleStateId: 'state-draft', filled: 3, total: 3, percentage: 100, missing: [] });
    });

    it('scores against another state with ?lifecycleStateId, listing missing slots per scope', async () => {
      const response = await system.api.as('viewer', 'GET', '/records/ent-001/completeness?lifecycleStateId=state-review');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        entityId: 'ent-001',
        lifecycleStateId: 'state-review',
        filled: 5,
        total: 7,
        percentage: 71,
        missing: [
          { attributeAlias: 'description', scope: { 'dim-language': 'seg-da' } },
          { attributeAlias: 'description', scope: { 'dim-language': 'seg-de' } },
        ],
      });
    });

    it('does not let a global value fill language slots', async () => {
      const id = await createRecord({ 'product-name': [{ scope: {}, value: 'Global only' }], sku: [{ scope: {}, value: 'GLB-1' }] });
      const response = await system.api.as('viewer', 'GET', `/records/${id}/completeness`);
      expect(response.body).toMatchObject({ filled: 1, total: 3, percentage: 33 });
      expect(response.body.missing).toEqual([
        { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' } },
        { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' } },
      ]);
    });

    it('hides guarded sleeve-length unless the garment is a shirt or jacket', async () => {
      const trousers = await system.api.as('viewer', 'GET', '/records/ent-004/completeness?lifecycleStateId=state-published');
      expect(trousers.body.missing.map((slot: { attributeAlias: string }) => slot.attributeAlias)).not.toContain('sleeve-length');
      const jacket = await system.api.as('viewer', 'GET', '/records/ent-003/completeness?lifecycleStateId=state-published');
      expect(jacket.body.missing).toContainEqual({ attributeAlias: 'sleeve-length', scope: {} });
    });

    it('answers 404 for an unknown record and 400 for an unknown state', async () => {
      const unknown = await system.api.as('viewer', 'GET', '/records/ent-nope/completeness');
      expect(unknown.status).toBe(404);
      const badState = await system.api.as('viewer', 'GET', '/records/ent-001/completeness?lifecycleStateId=state-nope');
      expect(badState.status).toBe(400);
      expect(badState.body.details[0]).toMatchObject({ field: 'lifecycleStateId', rule: 'exists' });
    });
  });

  describe('GET /records/:id/transitions', () => {
    it('lists the transitions from the current state, in the seed shape', async () => {
      const response = await system.api.as('viewer', 'GET', '/records/ent-001/transitions');
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        {
          id: 'trans-draft-to-review',
          fromStateId: 'state-draft',
          toStateId: 'state-review',
          name: 'Submit for review',
          allowedRoleIds: ['role-admin', 'role-editor'],
          requiresCompleteness: false,
        },
      ]);
    });
  });

  describe('POST /records/:id/transition', () => {
    it('moves a record through review to published and lists review transitions as in the seed', async () => {
      const id = await createRecord({
        'product-name': [
          { scope: { 'dim-language': 'seg-da' }, value: 'Skjorte' },
          { scope: { 'dim-language': 'seg-de' }, value: 'Hemd' },
        ],
        sku: [{ scope: {}, value: 'PUB-1' }],
        price: [
          { scope: { 'dim-market': 'seg-dk' }, value: 500 },
          { scope: { 'dim-market': 'seg-de' }, value: 70 },
        ],
        description: [
          { scope: { 'dim-language': 'seg-da' }, value: 'God skjorte' },
          { scope: { 'dim-language': 'seg-de' }, value: 'Gutes Hemd' },
        ],
        material: [{ scope: {}, value: 'Linen' }],
        'garment-type': [{ scope: {}, value: 'shirt' }],
        'sleeve-length': [{ scope: {}, value: 'short' }],
      });
      const toReview = await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' });
      expect(toReview.status).toBe(200);
      expect(toReview.body).toMatchObject({ id, lifecycleStateId: 'state-review', updatedBy: 'user-editor' });
      const available = await system.api.as('viewer', 'GET', `/records/${id}/transitions`);
      expect(available.body.map((t: { id: string }) => t.id)).toEqual(['trans-review-to-published', 'trans-review-to-draft']);
      expect(available.body[0]).toEqual({
        id: 'trans-review-to-published',
        fromStateId: 'state-review',
        toStateId: 'state-published',
        name: 'Publish',
        allowedRoleIds: ['role-admin', 'role-editor'],
        requiresCompleteness: true,
      });
      const publish = await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-published' });
      expect(publish.status).toBe(200);
      expect(publish.body.lifecycleStateId).toBe('state-published');
      const listed = await system.api.as('viewer', 'GET', '/records?schemaId=schema-apparel&lifecycleStateId=state-published');
      expect(listed.body.items.map((record: { id: string }) => record.id)).toEqual([id]);
    });

    it('writes the transition to the outbox as lifecycleState old -> new', async () => {
      const id = await createRecord({ sku: [{ scope: {}, value: 'OUT-1' }] });
      await system.api.as('admin', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' });
      const client = new Client({ connectionString: system.database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT envelope FROM records.outbox WHERE aggregate_id = $1 AND type = 'records.record.transitioned'`,
          [id],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0].envelope).toMatchObject({
          userId: 'user-admin',
          payload: { changes: [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: 'state-draft', newValue: 'state-review' }] },
        });
      } finally {
        await client.end();
      }
    });

    it('answers 404 for an unknown transition', async () => {
      const response = await system.api.as('editor', 'POST', '/records/ent-002/transition', { transitionId: 'trans-nope' });
      expect(response.status).toBe(404);
    });

    it('answers 409 when the transition does not start from the current state', async () => {
      const response = await system.api.as('admin', 'POST', '/records/ent-002/transition', { transitionId: 'trans-review-to-draft' });
      expect(response.status).toBe(409);
      expect(response.body.details).toEqual({ currentStateId: 'state-draft', fromStateId: 'state-review' });
    });

    it('answers 403 when no role of the caller is allowed, and leaves the state', async () => {
      const id = await createRecord({ sku: [{ scope: {}, value: 'ROLE-1' }] });
      await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' });
      const response = await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-draft' });
      expect(response.status).toBe(403);
      expect((await system.api.as('viewer', 'GET', `/records/${id}`)).body.lifecycleStateId).toBe('state-review');
      const viewer = await system.api.as('viewer', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-draft' });
      expect(viewer.status).toBe(403);
    });

    it('answers 422 with the missing list when publishing an incomplete record', async () => {
      const id = await createRecord({ sku: [{ scope: {}, value: 'GATE-1' }] });
      await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' });
      const response = await system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-published' });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('gate-failed');
      expect(response.body.details.percentage).toBeLessThan(100);
      expect(response.body.details.missing).toContainEqual({ attributeAlias: 'material', scope: {} });
      expect((await system.api.as('viewer', 'GET', `/records/${id}`)).body.lifecycleStateId).toBe('state-review');
    });

    it('lets exactly one of two concurrent transitions win', async () => {
      const id = await createRecord({ sku: [{ scope: {}, value: 'RACE-1' }] });
      const results = await Promise.all(
        Array.from({ length: 6 }, () => system.api.as('admin', 'POST', `/records/${id}/transition`, { transitionId: 'trans-draft-to-review' })),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    });

    it('rejects a body without transitionId, naming it', async () => {
      const response = await system.api.as('editor', 'POST', '/records/ent-001/transition', {});
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toBe('transitionId');
    });
  });
});
