import { startTestSystem, type TestSystem } from '@sigma/testing';

/** Creating, filling, reading, listing and deleting change sets; stats; refused bodies. */
describe('change sets API: CRUD, lists, stats (e2e)', () => {
  let system: TestSystem;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);

  const CS_ID = /^cs_[0-9A-Za-z]{8,}$/;
  const OP_ID = /^cop-[0-9A-Za-z]{8,}$/;
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

  const update = (entityId: string, attributeAlias: string, newValue: unknown, extra: Record<string, unknown> = {}) => ({
    type: 'update',
    entityId,
    schemaId: 'schema-apparel',
    changes: [{ attributeAlias, attributeName: attributeAlias, newValue, ...extra }],
  });
  const body = (title: string, operations: unknown[] = [], source: Record<string, unknown> = { type: 'user', id: 'user-editor', name: 'Editor' }) => ({
    title,
    source,
    operations,
  });
  const create = async (payload: unknown, user = 'editor') => {
    const response = await as(user, 'POST', '/change-sets', payload);
    expect(response.status).toBe(201);
    return response.body;
  };
  const ok = async (user: string, method: string, path: string, payload?: unknown) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({ path, status: 200, body: undefined });
    return response.body;
  };
  const total = async () => Number((await as('viewer', 'GET', '/change-sets?limit=1')).headers.get('x-total-count'));

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-crud' });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('GET /change-sets/stats', () => {
    it('counts pending, approved this week, applied and active sources as sets move through their statuses', async () => {
      expect(await ok('viewer', 'GET', '/change-sets/stats')).toEqual({ pending: 1, approvedThisWeek: 0, totalApplied: 0, activeSourceCount: 1 });

      const one = await create(body('Stats one', [update('ent-004', 'material', 'Linen')], { type: 'user', id: 'stats-user', name: 'Stats User' }));
      const two = await create(body('Stats two', [update('ent-004', 'garment-type', 'trousers')], { type: 'integration', id: 'stats-erp', name: 'ERP' }));
      const three = await create(body('Stats three', [], { type: 'import', name: 'CSV import' }));
      await create(body('Stats four', [], { type: 'user', id: 'stats-user', name: 'Stats User again' }));
      // drafts are active; two sets of one source count once
      expect(await ok('viewer', 'GET', '/change-sets/stats')).toEqual({ pending: 1, approvedThisWeek: 0, totalApplied: 0, activeSourceCount: 4 });

      await ok('editor', 'POST', `/change-sets/${one.id}/submit`);
      await ok('editor', 'POST', `/change-sets/${two.id}/submit`);
      expect(await ok('viewer', 'GET', '/change-sets/stats')).toEqual({ pending: 3, approvedThisWeek: 0, totalApplied: 0, activeSourceCount: 4 });

      await ok('reviewer', 'POST', `/change-sets/${one.id}/approve`);
      await ok('reviewer', 'POST', `/change-sets/${two.id}/reject`, { reviewNote: 'No' });
      expect(await ok('viewer', 'GET', '/change-sets/stats')).toEqual({ pending: 1, approvedThisWeek: 1, totalApplied: 0, activeSourceCount: 3 });

      await ok('editor', 'DELETE', `/change-sets/${three.id}`);
      expect(await ok('viewer', 'GET', '/change-sets/stats')).toEqual({ pending: 1, approvedThisWeek: 1, totalApplied: 0, activeSourceCount: 2 });

      expect(await ok('reviewer', 'POST', `/change-sets/${one.id}/apply`)).toEqual({ applied: 1, skipped: 0, errors: [] });
      // stats-user still has the draft "Stats four"; an applied set still counts as approved this week
      expect(await ok('viewer', 'GET', '/change-sets/stats')).toEqual({ pending: 1, approvedThisWeek: 1, totalApplied: 1, activeSourceCount: 2 });
    });
  });

  describe('POST /change-sets', () => {
    it('creates a draft (201) with cs_ / cop- ids, entity names and SKUs filled from the records, confidence and reasoning kept', async () => {
      const response = await as('editor', 'POST', '/change-sets', {
        title: 'AI Product Enrichment',
        description: 'AI-generated descriptions for 2 products',
        source: { type: 'agent', id: 'agent-claude', name: 'Claude', context: 'Enrichment pipeline run #47' },
        operations: [
          update('ent-001', 'short-description', 'Timeless Oxford weave in premium cotton...', {
            attributeName: 'Short Description',
            oldValue: 'A classic shirt.',
            confidence: 0.92,
            reasoning: 'Enhanced with fabric details and style context',
          }),
          update('ent-002', 'product-name', 'Merino-Rundhalspullover', { scope: { 'dim-language': 'seg-de' } }),
          { type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', attributeName: 'SKU', newValue: 'NEW-001' }] },
        ],
      });
      expect(response.status).toBe(201);
      const set = response.body;
      expect(set).toMatchObject({
        id: expect.stringMatching(CS_ID),
        title: 'AI Product Enrichment',
        description: 'AI-generated descriptions for 2 products',
        source: { type: 'agent', id: 'agent-claude', name: 'Claude', context: 'Enrichment pipeline run #47' },
        status: 'draft',
        revisionCount: 0,
        createdBy: 'user-editor',
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(set).not.toHaveProperty('submittedAt');
      expect(set.operations).toHaveLength(3);
      for (const operation of set.operations) expect(operation.id).toMatch(OP_ID);
      expect(new Set(set.operations.map((operation: { id: string }) => operation.id)).size).toBe(3);
      expect(set.operations[0]).toMatchObject({
        type: 'update',
        entityId: 'ent-001',
        entityName: 'Classic Oxford Shirt',
        entitySku: 'OXF-001',
        schemaId: 'schema-apparel',
        status: 'pending',
        changes: [
          {
            attributeAlias: 'short-description',
            attributeName: 'Short Description',
            oldValue: 'A classic shirt.',
            newValue: 'Timeless Oxford weave in premium cotton...',
            confidence: 0.92,
            reasoning: 'Enhanced with fabric details and style context',
          },
        ],
      });
      expect(set.operations[1]).toMatchObject({
        entityId: 'ent-002',
        entityName: 'Merino Crew Sweater',
        entitySku: 'MER-002',
        changes: [{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, newValue: 'Merino-Rundhalspullover' }],
      });
      expect(set.operations[2]).toMatchObject({ type: 'create', schemaId: 'schema-apparel', status: 'pending' });
      expect(set.operations[2]).not.toHaveProperty('entityId');
      expect(set.operations[2]).not.toHaveProperty('entityName');
      expect(await ok('viewer', 'GET', `/change-sets/${set.id}`)).toEqual(set);
    });

    it('creates a set without operations, and keeps a null newValue (a proposal to clear)', async () => {
      const empty = await create(body('Empty for now'));
      expect(empty).toMatchObject({ status: 'draft', operations: [] });
      const clearing = await create(body('Clear material', [update('ent-001', 'material', null)]));
      expect(clearing.operations[0].changes[0]).toMatchObject({ attributeAlias: 'material', newValue: null });
    });

    it('accepts an entity that does not exist yet at create (checked at submit), without name or SKU', async () => {
      const set = await create(body('Ghost', [update('ent-ghost', 'material', 'Silk')]));
      expect(set.operations[0]).toMatchObject({ entityId: 'ent-ghost', status: 'pending' });
      expect(set.operations[0]).not.toHaveProperty('entityName');
    });

    it.each([
      ['confidence above 1', { operations: [update('ent-001', 'material', 'x', { confidence: 1.5 })] }, 'operations[0].changes[0].confidence'],
      ['negative confidence', { operations: [update('ent-001', 'material', 'x', { confidence: -0.1 })] }, 'operations[0].changes[0].confidence'],
      ['an unknown source.type', { source: { type: 'robot', name: 'R2' } }, 'source.type'],
      ['a missing source.name', { source: { type: 'agent' } }, 'source.name'],
      ['a missing newValue', { operations: [{ type: 'update', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material' }] }] }, 'operations[0].changes[0].newValue'],
      ['an extra property', { priority: 'high' }, 'priority'],
      ['an extra property of a change', { operations: [update('ent-001', 'material', 'x', { colour: 'red' })] }, 'operations[0].changes[0].colour'],
      ['an unknown operation type', { operations: [{ type: 'upsert', schemaId: 'schema-apparel', changes: [] }] }, 'operations[0].type'],
      ['a missing title', { title: undefined }, 'title'],
      ['operations not an array', { operations: 'none' }, 'operations'],
      ['a scope mapping to a non-string', { operations: [update('ent-001', 'price', 1, { scope: { 'dim-market': 5 } })] }, 'operations[0].changes[0].scope'],
    ])('refuses %s with 400 naming the field, creating nothing', async (_label, override, field) => {
      const before = await total();
      const response = await as('editor', 'POST', '/change-sets', { ...body('Refused', [update('ent-001', 'material', 'Linen')]), ...override });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation-failed' });
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await total()).toBe(before);
    });
  });

  describe('GET / PUT / DELETE /change-sets/:id', () => {
    it('GET returns a set with its operations; an unknown id is a 404', async () => {
      const demo = await ok('viewer', 'GET', '/change-sets/cs-agent-enrichment');
      expect(demo).toMatchObject({ id: 'cs-agent-enrichment', status: 'pending_approval', operations: [{ id: 'cop-enrich-1' }, { id: 'cop-enrich-2' }, { id: 'cop-enrich-3' }] });
      const missing = await as('viewer', 'GET', '/change-sets/cs_doesnotexist');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ statusCode: 404, code: 'not-found' });
    });

    it('PUT appends operations to a draft, filling entity name and SKU', async () => {
      const set = await create(body('Grow me', [update('ent-001', 'material', 'Linen')]));
      const grown = await ok('editor', 'PUT', `/change-sets/${set.id}`, {
        operations: [update('ent-002', 'long-description', 'Crafted from 100% organic cotton...', { confidence: 0.88 }), update('ent-003', 'material', 'Nylon')],
      });
      expect(grown.status).toBe('draft');
      expect(grown.operations.map((operation: { entityId: string }) => operation.entityId)).toEqual(['ent-001', 'ent-002', 'ent-003']);
      expect(grown.operations[0].id).toBe(set.operations[0].id);
      expect(grown.operations[1]).toMatchObject({
        id: expect.stringMatching(OP_ID),
        entityName: 'Merino Crew Sweater',
        entitySku: 'MER-002',
        status: 'pending',
        changes: [{ attributeAlias: 'long-description', newValue: 'Crafted from 100% organic cotton...', confidence: 0.88 }],
      });
      expect(await ok('viewer', 'GET', `/change-sets/${set.id}`)).toEqual(grown);
    });

    it('PUT with a bad body is a 400 naming the field and adds nothing', async () => {
      const set = await create(body('Bad PUT', [update('ent-001', 'material', 'Linen')]));
      const response = await as('editor', 'PUT', `/change-sets/${set.id}`, { operations: [update('ent-002', 'material', 'x', { confidence: 2 })] });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'operations[0].changes[0].confidence' })]));
      expect((await ok('viewer', 'GET', `/change-sets/${set.id}`)).operations).toHaveLength(1);
    });

    it('PUT on a set that is not a draft is a 409 naming its status, and adds nothing', async () => {
      const response = await as('agent', 'PUT', '/change-sets/cs-agent-enrichment', { operations: [update('ent-001', 'material', 'Linen')] });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, code: 'conflict' });
      expect(response.body.message).toContain('pending_approval');
      expect((await ok('viewer', 'GET', '/change-sets/cs-agent-enrichment')).operations).toHaveLength(3);
      expect((await as('editor', 'PUT', '/change-sets/cs_doesnotexist', { operations: [] })).status).toBe(404);
    });

    it('DELETE removes a draft ({ deleted: true }) and then it is gone', async () => {
      const set = await create(body('Delete me', [update('ent-001', 'material', 'Linen')]));
      const before = await total();
      expect(await ok('editor', 'DELETE', `/change-sets/${set.id}`)).toEqual({ deleted: true });
      expect((await as('viewer', 'GET', `/change-sets/${set.id}`)).status).toBe(404);
      expect(await total()).toBe(before - 1);
      expect((await as('editor', 'DELETE', `/change-sets/${set.id}`)).status).toBe(404);
    });

    it('DELETE of a set that is not a draft is a 409 naming its status, and deletes nothing', async () => {
      const response = await as('agent', 'DELETE', '/change-sets/cs-agent-enrichment');
      expect(response.status).toBe(409);
      expect(response.body.message).toContain('pending_approval');
      expect((await as('viewer', 'GET', '/change-sets/cs-agent-enrichment')).status).toBe(200);
    });
  });

  describe('GET /change-sets', () => {
    const ids = (items: { id: string }[]) => items.map((item) => item.id);
    let listed: { id: string }[] = [];

    beforeAll(async () => {
      // five sets on their own schema id, created one after the other
      listed = [];
      for (let i = 0; i < 5; i++) {
        listed.push(await create(body(`List ${i}`, [{ type: 'create', schemaId: 'schema-listing', changes: [{ attributeAlias: 'sku', newValue: `L-${i}` }] }])));
      }
      await create(body('From a CSV', [], { type: 'import', name: 'Nightly CSV' }));
    });

    it('returns every set newest first with X-Total-Count, the demo set last', async () => {
      const response = await as('viewer', 'GET', '/change-sets?limit=500');
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('x-total-count'))).toBe(response.body.length);
      const createdAt = response.body.map((set: { createdAt: string }) => set.createdAt);
      expect([...createdAt].sort().reverse()).toEqual(createdAt);
      expect(response.body.at(-1).id).toBe('cs-agent-enrichment');
      expect(response.body[0].operations).toBeDefined();
    });

    it('filters by schemaId, newest first', async () => {
      const response = await as('viewer', 'GET', '/change-sets?schemaId=schema-listing');
      expect(ids(response.body)).toEqual(ids(listed).reverse());
      expect(response.headers.get('x-total-count')).toBe('5');
      expect((await as('viewer', 'GET', '/change-sets?schemaId=schema-none')).body).toEqual([]);
    });

    it('pages with offset and limit, X-Total-Count staying the full count', async () => {
      const newestFirst = ids(listed).reverse();
      const pages = [];
      for (const offset of [0, 2, 4, 6]) {
        const response = await as('viewer', 'GET', `/change-sets?schemaId=schema-listing&offset=${offset}&limit=2`);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-total-count')).toBe('5');
        pages.push(ids(response.body));
      }
      expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4), []]);
    });

    it('defaults to a page of 50', async () => {
      for (let i = 0; i < 4; i++) await create(body(`Filler ${i}`));
      const all = await as('viewer', 'GET', '/change-sets?limit=500');
      const count = all.body.length;
      const extra = Math.max(0, 51 - count);
      for (let i = 0; i < extra; i++) await create(body(`Page filler ${i}`));
      const response = await as('viewer', 'GET', '/change-sets');
      expect(response.body).toHaveLength(50);
      expect(Number(response.headers.get('x-total-count'))).toBe(count + extra);
    });

    it.each(['draft', 'pending_approval', 'approved', 'rejected', 'applied', 'partially_applied', 'revision_requested'])(
      'status=%s returns exactly the sets in that status',
      async (status) => {
        const all = (await as('viewer', 'GET', '/change-sets?limit=500')).body as { id: string; status: string }[];
        const response = await as('viewer', 'GET', `/change-sets?status=${status}&limit=500`);
        expect(response.status).toBe(200);
        expect(ids(response.body)).toEqual(ids(all.filter((set) => set.status === status)));
        expect(Number(response.headers.get('x-total-count'))).toBe(response.body.length);
      },
    );

    it('has sets in several statuses to filter (sanity of the status filter test)', async () => {
      expect((await as('viewer', 'GET', '/change-sets?status=pending_approval')).body.map((set: { id: string }) => set.id)).toEqual(['cs-agent-enrichment']);
      expect((await as('viewer', 'GET', '/change-sets?status=applied')).body).toHaveLength(1);
      expect((await as('viewer', 'GET', '/change-sets?status=rejected')).body).toHaveLength(1);
      expect((await as('viewer', 'GET', '/change-sets?status=revision_requested')).body).toEqual([]);
    });

    it.each(['agent', 'user', 'integration', 'import'])('sourceType=%s returns exactly the sets of that source type', async (sourceType) => {
      const all = (await as('viewer', 'GET', '/change-sets?limit=500')).body as { id: string; source: { type: string } }[];
      const response = await as('viewer', 'GET', `/change-sets?sourceType=${sourceType}&limit=500`);
      expect(ids(response.body)).toEqual(ids(all.filter((set) => set.source.type === sourceType)));
      expect(response.body.length).toBeGreaterThan(0);
    });

    it('combines filters', async () => {
      const response = await as('viewer', 'GET', '/change-sets?status=pending_approval&sourceType=agent&schemaId=schema-apparel');
      expect(ids(response.body)).toEqual(['cs-agent-enrichment']);
      expect((await as('viewer', 'GET', '/change-sets?status=draft&sourceType=agent&schemaId=schema-listing')).body).toEqual([]);
      expect(ids((await as('viewer', 'GET', '/change-sets?status=draft&sourceType=user&schemaId=schema-listing&limit=500')).body)).toEqual(ids(listed).reverse());
    });

    it.each([
      ['status=open', 'status'],
      ['sourceType=robot', 'sourceType'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['limit=abc', 'limit'],
      ['foo=bar', 'foo'],
    ])('?%s is a 400 naming %s', async (query, field) => {
      const response = await as('viewer', 'GET', `/change-sets?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });
});
