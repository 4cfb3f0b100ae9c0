import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

describe('category assignments (e2e)', () => {
  let system: TestSystem;
  let sku = 0;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'assignments' });
    await system.api.as('admin', 'POST', '/catalogs', { id: 'catalog-web', name: 'Web shop' });
    for (const [id, parentId] of [['cat-web-men', null], ['cat-web-women', null], ['cat-web-sale', null], ['cat-web-sale-last', 'cat-web-sale']]) {
      const response = await system.api.as('admin', 'POST', '/catalogs/catalog-web/categories', { id, name: id, parentId });
      expect(response.status).toBe(201);
    }
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const newRecord = async () => {
    const response = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: `ASG-${++sku}` }] } });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const assignments = async (id: string) => (await system.api.as('viewer', 'GET', `/records/${id}/categories`)).body;
  const version = async (id: string) => (await system.api.as('viewer', 'GET', `/records/${id}`)).body.version;
  const categoryAudit = async (id: string, count: number) =>
    eventually(async () => {
      const response = await system.api.as('viewer', 'GET', `/records/${id}/audit?order=asc`);
      const updates = response.body.filter((entry: { changes: { attributeAlias: string }[] }) => entry.changes.some((c) => c.attributeAlias === 'categories'));
      expect(updates).toHaveLength(count);
      return updates as { action: string; userId: string; changes: unknown[] }[];
    });
  const listIds = async (query: string) => {
    const response = await system.api.as('viewer', 'GET', `/records${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((record: { id: string }) => record.id);
  };

  it('reproduces the seed example on the demo record ent-003, for every role', async () => {
    for (const role of ['admin', 'editor', 'reviewer', 'viewer', 'agent']) {
      const response = await system.api.as(role, 'GET', '/records/ent-003/categories');
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { entityId: 'ent-003', categoryId: 'cat-outerwear', sortOrder: 0 },
        { entityId: 'ent-003', categoryId: 'cat-spring-collection', sortOrder: 3 },
      ]);
    }
    expect((await system.api.as('viewer', 'GET', '/records/ent-nope/categories')).status).toBe(404);
  });

  it('GET /records?categoryId= lists a category\'s records in sortOrder, paged with total/offset/limit', async () => {
    expect(await listIds('?categoryId=cat-spring-collection')).toEqual(['ent-001', 'ent-004', 'ent-003']);
    const page = await system.api.as('viewer', 'GET', '/records?categoryId=cat-spring-collection&offset=1&limit=1');
    expect(page.body).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(page.body.items.map((record: { id: string }) => record.id)).toEqual(['ent-004']);
    expect(await listIds('?categoryId=cat-spring-collection&schemaId=schema-apparel&lifecycleStateId=state-draft')).toEqual(['ent-001', 'ent-004', 'ent-003']);
    expect((await system.api.as('viewer', 'GET', '/records?categoryId=cat-spring-collection&schemaId=schema-other')).body.total).toBe(0);
    expect((await system.api.as('viewer', 'GET', '/records?categoryId=cat-web-men')).body).toMatchObject({ items: [], total: 0 });
    expect((await system.api.as('viewer', 'GET', '/records?categoryId=cat-nope')).status).toBe(404);
  });

  it('PUT replaces the set, bumps the version and is audited as an update of categories', async () => {
    const id = await newRecord();
    const response = await system.api.as('editor', 'PUT', `/records/${id}/categories`, {
      categories: [
        { categoryId: 'cat-web-sale', sortOrder: 4 },
        { categoryId: 'cat-outerwear', sortOrder: 1 },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      { entityId: id, categoryId: 'cat-outerwear', sortOrder: 1 },
      { entityId: id, categoryId: 'cat-web-sale', sortOrder: 4 },
    ]);
    expect(await assignments(id)).toEqual(response.body);
    expect(await version(id)).toBe(2);
    const replaced = await system.api.as('admin', 'PUT', `/records/${id}/categories`, { categories: [{ categoryId: 'cat-web-men' }, { categoryId: 'cat-web-sale' }] });
    // A sortOrder left out keeps the current one (cat-web-sale) or goes last in the category (cat-web-men: 0).
    expect(replaced.body).toEqual([
      { entityId: id, categoryId: 'cat-web-men', sortOrder: 0 },
      { entityId: id, categoryId: 'cat-web-sale', sortOrder: 4 },
    ]);
    const [first, second] = await categoryAudit(id, 2);
    expect(first).toMatchObject({
      action: 'update',
      userId: 'user-editor',
      changes: [{ attributeAlias: 'categories', scope: {}, oldValue: [], newValue: ['cat-outerwear', 'cat-web-sale'] }],
    });
    expect(second).toMatchObject({
      action: 'update',
      userId: 'user-admin',
      changes: [{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-outerwear', 'cat-web-sale'], newValue: ['cat-web-men', 'cat-web-sale'] }],
    });
    expect(await version(id)).toBe(3);
  });

  it('PUT takes back the bare array GET returns; the same set again changes nothing and audits nothing', async () => {
    const id = await newRecord();
    await system.api.as('editor', 'PUT', `/records/${id}/categories`, [{ categoryId: 'cat-web-women', sortOrder: 2 }]);
    const current = await assignments(id);
    expect(current).toEqual([{ entityId: id, categoryId: 'cat-web-women', sortOrder: 2 }]);
    const again = await system.api.as('editor', 'PUT', `/records/${id}/categories`, current);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(current);
    const moved = await system.api.as('editor', 'PUT', `/records/${id}/categories`, [{ categoryId: 'cat-web-women', sortOrder: 7 }]);
    expect(moved.body).toEqual([{ entityId: id, categoryId: 'cat-web-women', sortOrder: 7 }]);
    expect(await version(id)).toBe(2);
    await categoryAudit(id, 1);
    const cleared = await system.api.as('editor', 'PUT', `/records/${id}/categories`, { categories: [] });
    expect(cleared.body).toEqual([]);
    const audits = await categoryAudit(id, 2);
    expect(audits[1].changes).toEqual([{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-web-women'], newValue: [] }]);
  });

  it.each([
    ['an unknown category', { categories: [{ categoryId: 'cat-web-men' }, { categoryId: 'cat-nope' }] }, 'categories[1].categoryId', 'exists'],
    ['a repeated category', { categories: [{ categoryId: 'cat-web-men' }, { categoryId: 'cat-web-men', sortOrder: 2 }] }, 'categories[1].categoryId', 'unique'],
    ['a negative sortOrder', { categories: [{ categoryId: 'cat-web-men', sortOrder: -1 }] }, 'categories[0].sortOrder', 'min'],
    ['another record\'s entityId', [{ entityId: 'ent-001', categoryId: 'cat-web-men' }], 'categories[0].entityId', 'equals'],
    ['an unknown property', { categories: [{ categoryId: 'cat-web-men', position: 1 }] }, 'categories[0].position', 'unknown-property'],
    ['no categories property', { category: [] }, 'categories', 'isArray'],
  ])('PUT answers 400 for %s and changes nothing', async (_, body, field, rule) => {
    const id = await newRecord();
    await system.api.as('editor', 'PUT', `/records/${id}/categories`, { categories: [{ categoryId: 'cat-web-women' }] });
    const response = await system.api.as('editor', 'PUT', `/records/${id}/categories`, body);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    expect((await assignments(id)).map((a: { categoryId: string }) => a.categoryId)).toEqual(['cat-web-women']);
    expect(await version(id)).toBe(2);
  });

  it('POST adds one (201, last in the category by default), or sets its sortOrder when already assigned', async () => {
    const [a, b] = [await newRecord(), await newRecord()];
    const first = await system.api.as('editor', 'POST', `/records/${a}/categories`, { categoryId: 'cat-web-sale-last' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual([{ entityId: a, categoryId: 'cat-web-sale-last', sortOrder: 0 }]);
    await system.api.as('editor', 'POST', `/records/${b}/categories`, { categoryId: 'cat-web-sale-last' });
    expect(await assignments(b)).toEqual([{ entityId: b, categoryId: 'cat-web-sale-last', sortOrder: 1 }]);
    expect(await listIds('?categoryId=cat-web-sale-last')).toEqual([a, b]);
    const moved = await system.api.as('editor', 'POST', `/records/${a}/categories`, { categoryId: 'cat-web-sale-last', sortOrder: 9 });
    expect(moved.body).toEqual([{ entityId: a, categoryId: 'cat-web-sale-last', sortOrder: 9 }]);
    expect(await listIds('?categoryId=cat-web-sale-last')).toEqual([b, a]);
    const second = await system.api.as('editor', 'POST', `/records/${a}/categories`, { categoryId: 'cat-web-men', sortOrder: 3 });
    expect(second.body.map((x: { categoryId: string }) => x.categoryId)).toEqual(['cat-web-men', 'cat-web-sale-last']);
    const audits = await categoryAudit(a, 2);
    expect(audits[1].changes).toEqual([{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-web-sale-last'], newValue: ['cat-web-men', 'cat-web-sale-last'] }]);
    expect((await system.api.as('editor', 'POST', `/records/${a}/categories`, { categoryId: 'cat-nope' })).status).toBe(400);
    expect((await system.api.as('editor', 'POST', '/records/ent-nope/categories', { categoryId: 'cat-web-men' })).status).toBe(404);
  });

  it('DELETE removes one and answers the rest; 404 when not assigned or unknown', async () => {
    const id = await newRecord();
    await system.api.as('editor', 'PUT', `/records/${id}/categories`, { categories: [{ categoryId: 'cat-web-men' }, { categoryId: 'cat-web-women' }] });
    const response = await system.api.as('editor', 'DELETE', `/records/${id}/categories/cat-web-men`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([{ entityId: id, categoryId: 'cat-web-women', sortOrder: expect.any(Number) }]);
    const again = await system.api.as('editor', 'DELETE', `/records/${id}/categories/cat-web-men`);
    expect(again.status).toBe(404);
    expect(again.body.details).toEqual({ recordId: id, categoryId: 'cat-web-men' });
    expect((await system.api.as('editor', 'DELETE', '/records/ent-nope/categories/cat-web-men')).status).toBe(404);
    const audits = await categoryAudit(id, 2);
    expect(audits[1].changes).toEqual([{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-web-men', 'cat-web-women'], newValue: ['cat-web-women'] }]);
  });

  it('lets only admin and editor change assignments', async () => {
    for (const role of ['reviewer', 'viewer', 'agent']) {
      expect((await system.api.as(role, 'PUT', '/records/ent-003/categories', { categories: [] })).status).toBe(403);
      expect((await system.api.as(role, 'POST', '/records/ent-003/categories', { categoryId: 'cat-web-men' })).status).toBe(403);
      expect((await system.api.as(role, 'DELETE', '/records/ent-003/categories/cat-outerwear')).status).toBe(403);
    }
    expect(await assignments('ent-003')).toHaveLength(2);
  });

  it('serialises concurrent adds to one record: every one lands and each audit entry adds exactly one id', async () => {
    const id = await newRecord();
    const targets = ['cat-web-men', 'cat-web-women', 'cat-web-sale', 'cat-web-sale-last', 'cat-outerwear', 'cat-spring-collection'];
    const responses = await Promise.all(targets.map((categoryId) => system.api.as('editor', 'POST', `/records/${id}/categories`, { categoryId })));
    expect(responses.map((r) => r.status)).toEqual(targets.map(() => 201));
    expect((await assignments(id)).map((a: { categoryId: string }) => a.categoryId).sort()).toEqual([...targets].sort());
    expect(await version(id)).toBe(1 + targets.length);
    const audits = await categoryAudit(id, targets.length);
    audits.forEach((entry, index) => {
      const [change] = entry.changes as { oldValue: string[]; newValue: string[] }[];
      expect(change.oldValue).toHaveLength(index);
      expect(change.newValue).toHaveLength(index + 1);
    });
  });

  it('deleting a record removes its assignments', async () => {
    const id = await newRecord();
    await system.api.as('editor', 'POST', `/records/${id}/categories`, { categoryId: 'cat-web-women', sortOrder: 0 });
    expect(await listIds('?categoryId=cat-web-women')).toContain(id);
    expect((await system.api.as('editor', 'DELETE', `/records/${id}`)).status).toBe(204);
    expect(await listIds('?categoryId=cat-web-women')).not.toContain(id);
    expect((await system.api.as('viewer', 'GET', `/records/${id}/categories`)).status).toBe(404);
  });

  it('a category with assigned records is a 409; cascade removes the assignments with an audited update of each record', async () => {
    await system.api.as('admin', 'POST', '/catalogs/catalog-web/categories', { id: 'cat-web-gone', name: 'Gone', parentId: 'cat-web-men' });
    const [a, b] = [await newRecord(), await newRecord()];
    await system.api.as('editor', 'PUT', `/records/${a}/categories`, { categories: [{ categoryId: 'cat-web-gone' }, { categoryId: 'cat-web-women' }] });
    await system.api.as('editor', 'PUT', `/records/${b}/categories`, { categories: [{ categoryId: 'cat-web-gone' }] });
    const refused = await system.api.as('editor', 'DELETE', '/categories/cat-web-gone');
    expect(refused.status).toBe(409);
    expect(refused.body.details).toEqual({ categoryId: 'cat-web-gone', childCount: 0, assignedRecordCount: 2 });
    expect(await assignments(b)).toHaveLength(1);
    // Cascade from the parent: the whole subtree goes, with the assignments to any of it.
    expect((await system.api.as('editor', 'DELETE', '/categories/cat-web-men?cascade=true')).status).toBe(204);
    expect((await assignments(a)).map((x: { categoryId: string }) => x.categoryId)).toEqual(['cat-web-women']);
    expect(await assignments(b)).toEqual([]);
    expect(await version(a)).toBe(3);
    const [, removedA] = await categoryAudit(a, 2);
    expect(removedA).toMatchObject({
      action: 'update',
      userId: 'user-editor',
      changes: [{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-web-gone', 'cat-web-women'], newValue: ['cat-web-women'] }],
    });
    const [, removedB] = await categoryAudit(b, 2);
    expect(removedB.changes).toEqual([{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-web-gone'], newValue: [] }]);
  });

  it('a cascade delete racing 8 concurrent assignments to the category: every assignment that landed is removed and audited', async () => {
    await system.api.as('admin', 'POST', '/catalogs/catalog-web/categories', { id: 'cat-web-race', name: 'Race' });
    const records = await Promise.all(Array.from({ length: 8 }, () => newRecord()));
    const [deleted, ...adds] = await Promise.all([
      new Promise((resolve) => setTimeout(resolve, 15)).then(() => system.api.as('admin', 'DELETE', '/categories/cat-web-race?cascade=true')),
      ...records.map((id) => system.api.as('editor', 'POST', `/records/${id}/categories`, { categoryId: 'cat-web-race' })),
    ]);
    expect(deleted.status).toBe(204);
    for (const [index, add] of adds.entries()) {
      expect([201, 400]).toContain(add.status);
      expect(await assignments(records[index])).toEqual([]);
      if (add.status === 201) {
        const [added, removed] = await categoryAudit(records[index], 2);
        expect(added.changes).toEqual([{ attributeAlias: 'categories', scope: {}, oldValue: [], newValue: ['cat-web-race'] }]);
        expect(removed.changes).toEqual([{ attributeAlias: 'categories', scope: {}, oldValue: ['cat-web-race'], newValue: [] }]);
      } else {
        expect(add.body.details[0]).toMatchObject({ field: 'categoryId', rule: 'exists' });
        expect(await version(records[index])).toBe(1);
      }
    }
  });

  it('deleting a catalog with cascade removes its assignments and audits them; other catalogs stay', async () => {
    const id = await newRecord();
    await system.api.as('editor', 'PUT', `/records/${id}/categories`, { categories: [{ categoryId: 'cat-web-women' }, { categoryId: 'cat-outerwear' }] });
    expect((await system.api.as('admin', 'DELETE', '/catalogs/catalog-web')).status).toBe(409);
    expect((await system.api.as('admin', 'DELETE', '/catalogs/catalog-web?cascade=true')).status).toBe(204);
    expect(await assignments(id)).toEqual([{ entityId: id, categoryId: 'cat-outerwear', sortOrder: expect.any(Number) }]);
    const [, removed] = await categoryAudit(id, 2);
    expect(removed).toMatchObject({ userId: 'user-admin', changes: [{ oldValue: ['cat-outerwear', 'cat-web-women'], newValue: ['cat-outerwear'] }] });
    expect(await assignments('ent-003')).toHaveLength(2);
  });
});
