import { startTestSystem, type TestSystem } from '@sigma/testing';

describe('catalogs and category trees (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'catalogs' });
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const ids = (items: { id: string }[]) => items.map((item) => item.id);
  const tree = async (catalogId: string) => {
    const response = await system.api.as('viewer', 'GET', `/catalogs/${catalogId}/categories`);
    expect(response.status).toBe(200);
    return response.body as { id: string; parentId: string | null; sortOrder: number }[];
  };
  const category = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id.replace('cat-', ''), ...extra });

  describe('the demo catalog', () => {
    it('is catalog-main "Main catalog", readable by every role', async () => {
      for (const role of ['admin', 'editor', 'reviewer', 'viewer', 'agent']) {
        const list = await system.api.as(role, 'GET', '/catalogs');
        expect(list.status).toBe(200);
        expect(list.body).toEqual([{ id: 'catalog-main', name: 'Main catalog', createdAt: expect.stringMatching(/Z$/), updatedAt: expect.stringMatching(/Z$/) }]);
      }
      expect((await system.api.as('agent', 'GET', '/catalogs/catalog-main')).body.name).toBe('Main catalog');
    });

    it('lists its categories flat in tree pre-order, with cat-outerwear and cat-spring-collection and scoped names', async () => {
      const categories = await tree('catalog-main');
      expect(ids(categories)).toEqual(expect.arrayContaining(['cat-outerwear', 'cat-spring-collection']));
      const position = new Map(categories.map((c, index) => [c.id, index]));
      for (const c of categories) if (c.parentId) expect(position.get(c.parentId)!).toBeLessThan(position.get(c.id)!);
      const outerwear = await system.api.as('viewer', 'GET', '/categories/cat-outerwear');
      expect(outerwear.status).toBe(200);
      expect(outerwear.body).toMatchObject({ id: 'cat-outerwear', catalogId: 'catalog-main', name: 'Outerwear', sortOrder: 0 });
      expect(outerwear.body.names).toEqual(expect.arrayContaining([{ scope: { 'dim-language': 'seg-da' }, value: 'Overtøj' }]));
    });
  });

  describe('catalogs CRUD', () => {
    it('creates (201), reads, renames and lists a catalog; 409 for a taken id', async () => {
      const created = await system.api.as('editor', 'POST', '/catalogs', { id: 'catalog-outlet', name: 'Outlet' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: 'catalog-outlet', name: 'Outlet' });
      const renamed = await system.api.as('editor', 'PUT', '/catalogs/catalog-outlet', { name: 'Outlet store' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('Outlet store');
      expect((await system.api.as('viewer', 'GET', '/catalogs/catalog-outlet')).body.name).toBe('Outlet store');
      expect(ids((await system.api.as('viewer', 'GET', '/catalogs')).body)).toEqual(['catalog-main', 'catalog-outlet']);
      const taken = await system.api.as('admin', 'POST', '/catalogs', { id: 'catalog-outlet', name: 'Again' });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'conflict', details: { catalogId: 'catalog-outlet' } });
      expect((await system.api.as('viewer', 'GET', '/catalogs/catalog-outlet')).body.name).toBe('Outlet store');
    });

    it.each([
      ['an id that is not a stable id', { id: 'Outlet Store', name: 'x' }, 'id'],
      ['a missing name', { id: 'catalog-x' }, 'name'],
      ['an unknown property', { id: 'catalog-x', name: 'x', colour: 'red' }, 'colour'],
    ])('answers 400 for %s', async (_, body, field) => {
      const response = await system.api.as('admin', 'POST', '/catalogs', body);
      expect(response.status).toBe(400);
      expect(response.body.details.map((issue: { field: string }) => issue.field)).toContain(field);
    });

    it('answers 404 for unknown catalogs', async () => {
      expect((await system.api.as('viewer', 'GET', '/catalogs/nope')).status).toBe(404);
      expect((await system.api.as('viewer', 'GET', '/catalogs/nope/categories')).status).toBe(404);
      expect((await system.api.as('admin', 'PUT', '/catalogs/nope', { name: 'x' })).status).toBe(404);
      expect((await system.api.as('admin', 'DELETE', '/catalogs/nope')).status).toBe(404);
      expect((await system.api.as('admin', 'POST', '/catalogs/nope/categories', category('cat-x'))).status).toBe(404);
    });

    it('lets only admin and editor write (403 for reviewer, viewer, agent), changing nothing', async () => {
      for (const role of ['reviewer', 'viewer', 'agent']) {
        expect((await system.api.as(role, 'POST', '/catalogs', { id: 'catalog-denied', name: 'x' })).status).toBe(403);
        expect((await system.api.as(role, 'PUT', '/catalogs/catalog-outlet', { name: 'x' })).status).toBe(403);
        expect((await system.api.as(role, 'DELETE', '/catalogs/catalog-outlet')).status).toBe(403);
        expect((await system.api.as(role, 'POST', '/catalogs/catalog-outlet/categories', category('cat-denied'))).status).toBe(403);
        expect((await system.api.as(role, 'PUT', '/categories/cat-outerwear', { name: 'x' })).status).toBe(403);
        expect((await system.api.as(role, 'DELETE', '/categories/cat-outerwear')).status).toBe(403);
      }
      expect((await system.api.as('viewer', 'GET', '/catalogs/catalog-denied')).status).toBe(404);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-denied')).status).toBe(404);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-outerwear')).body.name).toBe('Outerwear');
      expect((await system.api.request('GET', '/catalogs')).status).toBe(401);
    });
  });

  describe('categories', () => {
    beforeAll(async () => {
      // outlet: sale (sale-jackets (sale-rain), sale-shirts), clearance
      for (const body of [
        category('cat-sale'),
        category('cat-sale-jackets', { parentId: 'cat-sale' }),
        category('cat-sale-rain', { parentId: 'cat-sale-jackets' }),
        category('cat-sale-shirts', { parentId: 'cat-sale' }),
        category('cat-clearance', { names: [{ scope: { 'dim-language': 'seg-de' }, value: 'Räumungsverkauf' }] }),
      ]) {
        const response = await system.api.as('editor', 'POST', '/catalogs/catalog-outlet/categories', body);
        expect(response.status).toBe(201);
      }
    });

    it('creates with defaults: top level when no parent, sortOrder after the last sibling', async () => {
      const categories = await tree('catalog-outlet');
      expect(ids(categories)).toEqual(['cat-sale', 'cat-sale-jackets', 'cat-sale-rain', 'cat-sale-shirts', 'cat-clearance']);
      expect(categories.map((c) => [c.id, c.parentId, c.sortOrder])).toEqual([
        ['cat-sale', null, 0],
        ['cat-sale-jackets', 'cat-sale', 0],
        ['cat-sale-rain', 'cat-sale-jackets', 0],
        ['cat-sale-shirts', 'cat-sale', 1],
        ['cat-clearance', null, 1],
      ]);
      const clearance = await system.api.as('viewer', 'GET', '/categories/cat-clearance');
      expect(clearance.body).toEqual({
        id: 'cat-clearance',
        catalogId: 'catalog-outlet',
        parentId: null,
        name: 'clearance',
        names: [{ scope: { 'dim-language': 'seg-de' }, value: 'Räumungsverkauf' }],
        sortOrder: 1,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
    });

    it.each([
      ['a taken id (unique across catalogs)', category('cat-outerwear'), 409, undefined],
      ['a parent in another catalog', category('cat-y', { parentId: 'cat-outerwear' }), 400, 'parentId'],
      ['an unknown parent', category('cat-y', { parentId: 'cat-nope' }), 400, 'parentId'],
      ['a global scoped name', category('cat-y', { names: [{ scope: {}, value: 'x' }] }), 400, 'names[0].scope'],
      ['a name scoped to an unknown segment', category('cat-y', { names: [{ scope: { 'dim-language': 'seg-fr' }, value: 'x' }] }), 400, 'names[0].scope'],
      ['a negative sortOrder', category('cat-y', { sortOrder: -1 }), 400, 'sortOrder'],
      ['a bad id', category('Cat Y'), 400, 'id'],
    ])('refuses %s', async (_, body, status, field) => {
      const response = await system.api.as('editor', 'POST', '/catalogs/catalog-outlet/categories', body);
      expect(response.status).toBe(status);
      if (field) expect(response.body.details.map((issue: { field: string }) => issue.field)).toContain(field);
      expect(ids(await tree('catalog-outlet'))).toHaveLength(5);
    });

    it('renames, sets scoped names and reorders siblings', async () => {
      const response = await system.api.as('editor', 'PUT', '/categories/cat-sale-shirts', {
        name: 'Shirts on sale',
        names: [{ scope: { 'dim-language': 'seg-da' }, value: 'Skjorter på udsalg' }],
        sortOrder: 0,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'Shirts on sale', names: [{ scope: { 'dim-language': 'seg-da' }, value: 'Skjorter på udsalg' }], sortOrder: 0, parentId: 'cat-sale' });
      // Tie on sortOrder 0: by id, cat-sale-jackets before cat-sale-shirts; 5 moves it after.
      expect(ids(await tree('catalog-outlet'))).toEqual(['cat-sale', 'cat-sale-jackets', 'cat-sale-rain', 'cat-sale-shirts', 'cat-clearance']);
      await system.api.as('editor', 'PUT', '/categories/cat-sale-jackets', { sortOrder: 5 });
      expect(ids(await tree('catalog-outlet'))).toEqual(['cat-sale', 'cat-sale-shirts', 'cat-sale-jackets', 'cat-sale-rain', 'cat-clearance']);
    });

    it('moves a category with its subtree, to the end of the new siblings, and to the top level with parentId null', async () => {
      const moved = await system.api.as('editor', 'PUT', '/categories/cat-sale-jackets', { parentId: 'cat-clearance' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ parentId: 'cat-clearance', sortOrder: 0 });
      expect(ids(await tree('catalog-outlet'))).toEqual(['cat-sale', 'cat-sale-shirts', 'cat-clearance', 'cat-sale-jackets', 'cat-sale-rain']);
      const top = await system.api.as('editor', 'PUT', '/categories/cat-sale-jackets', { parentId: null, sortOrder: 0 });
      expect(top.body).toMatchObject({ parentId: null, sortOrder: 0 });
      expect(ids(await tree('catalog-outlet'))).toEqual(['cat-sale', 'cat-sale-shirts', 'cat-sale-jackets', 'cat-sale-rain', 'cat-clearance']);
    });

    it('refuses a move below itself or its own subtree with 409 (rule cycle), and to another catalog with 400', async () => {
      const before = await tree('catalog-outlet');
      const self = await system.api.as('editor', 'PUT', '/categories/cat-sale-jackets', { parentId: 'cat-sale-jackets' });
      expect(self.status).toBe(409);
      const below = await system.api.as('editor', 'PUT', '/categories/cat-sale-jackets', { parentId: 'cat-sale-rain', name: 'Renamed' });
      expect(below.status).toBe(409);
      expect(below.body).toMatchObject({ code: 'conflict', details: { rule: 'cycle', categoryId: 'cat-sale-jackets', parentId: 'cat-sale-rain' } });
      const foreign = await system.api.as('editor', 'PUT', '/categories/cat-sale-jackets', { parentId: 'cat-outerwear' });
      expect(foreign.status).toBe(400);
      expect(foreign.body.details[0]).toMatchObject({ field: 'parentId', rule: 'exists' });
      expect(await tree('catalog-outlet')).toEqual(before);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-sale-jackets')).body.name).toBe('sale-jackets');
    });

    it('never lets two concurrent crossing moves make a cycle', async () => {
      await system.api.as('editor', 'POST', '/catalogs/catalog-outlet/categories', category('cat-left'));
      await system.api.as('editor', 'POST', '/catalogs/catalog-outlet/categories', category('cat-right'));
      const [a, b] = await Promise.all([
        system.api.as('editor', 'PUT', '/categories/cat-left', { parentId: 'cat-right' }),
        system.api.as('editor', 'PUT', '/categories/cat-right', { parentId: 'cat-left' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const categories = await tree('catalog-outlet');
      const roots = categories.filter((c) => c.id === 'cat-left' || c.id === 'cat-right').filter((c) => c.parentId === null);
      expect(roots).toHaveLength(1);
    });

    it('answers 404 for unknown categories, 400 for an unknown property or a bad cascade flag', async () => {
      expect((await system.api.as('viewer', 'GET', '/categories/cat-nope')).status).toBe(404);
      expect((await system.api.as('editor', 'PUT', '/categories/cat-nope', { name: 'x' })).status).toBe(404);
      expect((await system.api.as('editor', 'DELETE', '/categories/cat-nope')).status).toBe(404);
      expect((await system.api.as('editor', 'PUT', '/categories/cat-clearance', { catalogId: 'catalog-main' })).status).toBe(400);
      expect((await system.api.as('editor', 'DELETE', '/categories/cat-clearance?cascade=yes')).status).toBe(400);
    });

    it('deletes a leaf (204); a category with children is a 409 unless cascade=true, which removes the subtree', async () => {
      // cat-left and cat-right: one is the other's parent, whichever move above won.
      const root = (await tree('catalog-outlet')).find((c) => (c.id === 'cat-left' || c.id === 'cat-right') && c.parentId === null)!;
      expect((await system.api.as('editor', 'DELETE', `/categories/${root.id}?cascade=true`)).status).toBe(204);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-left')).status).toBe(404);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-right')).status).toBe(404);
      expect((await system.api.as('editor', 'DELETE', '/categories/cat-sale-shirts')).status).toBe(204);
      const refused = await system.api.as('editor', 'DELETE', '/categories/cat-sale-jackets');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'conflict', details: { categoryId: 'cat-sale-jackets', childCount: 1, assignedRecordCount: 0 } });
      expect(ids(await tree('catalog-outlet'))).toContain('cat-sale-rain');
      expect((await system.api.as('editor', 'DELETE', '/categories/cat-sale-jackets?cascade=false')).status).toBe(409);
      expect((await system.api.as('editor', 'DELETE', '/categories/cat-sale-jackets?cascade=true')).status).toBe(204);
      expect(ids(await tree('catalog-outlet'))).toEqual(['cat-sale', 'cat-clearance']);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-sale-rain')).status).toBe(404);
    });

    it('deletes a catalog with categories only with cascade=true', async () => {
      const refused = await system.api.as('editor', 'DELETE', '/catalogs/catalog-outlet');
      expect(refused.status).toBe(409);
      expect(refused.body.details).toEqual({ catalogId: 'catalog-outlet', categoryCount: 2 });
      expect((await system.api.as('editor', 'DELETE', '/catalogs/catalog-outlet?cascade=true')).status).toBe(204);
      expect((await system.api.as('viewer', 'GET', '/catalogs/catalog-outlet')).status).toBe(404);
      expect((await system.api.as('viewer', 'GET', '/categories/cat-sale')).status).toBe(404);
      await system.api.as('editor', 'POST', '/catalogs', { id: 'catalog-empty', name: 'Empty' });
      expect((await system.api.as('editor', 'DELETE', '/catalogs/catalog-empty')).status).toBe(204);
    });
  });

  it('documents every catalog and category endpoint in the OpenAPI document', async () => {
    const paths = (await system.api.request('GET', '/docs/openapi.json')).body.paths;
    expect(Object.keys(paths['/catalogs'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/catalogs/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    expect(Object.keys(paths['/catalogs/{id}/categories'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/categories/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    expect(Object.keys(paths['/records/{id}/categories'])).toEqual(expect.arrayContaining(['get', 'put', 'post']));
    expect(Object.keys(paths['/records/{id}/categories/{categoryId}'])).toEqual(['delete']);
    expect(Object.keys(paths['/records/{id}/variants'])).toEqual(['get']);
    expect(paths['/categories/{id}'].put.description).toContain('cycle');
    expect(paths['/records/{id}'].get.description).toContain('inherited: true');
    expect(paths['/records'].get.parameters.map((p: { name: string }) => p.name)).toContain('categoryId');
  });
});
