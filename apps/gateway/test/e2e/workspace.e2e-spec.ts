import { startTestSystem, type TestSystem } from '@sigma/testing';

describe('workspace dimensions (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'dimensions' });
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const channel = () => ({
    id: 'dim-channel',
    name: 'Channel',
    segments: [
      { id: 'seg-web', name: 'Web shop' },
      { id: 'seg-print', name: 'Print catalog' },
    ],
  });

  const fieldsOf = (body: { details: { field: string }[] }) => body.details.map((issue) => issue.field);

  /** Records (of every schema) holding a value scoped to the segment. */
  const recordsUsing = async (dimensionId: string, segmentId: string) => {
    const page = await system.api.as('viewer', 'GET', '/records?limit=500');
    return page.body.items.filter((record: { values: Record<string, { scope: Record<string, string> }[]> }) =>
      Object.values(record.values).some((scoped) => scoped.some((entry) => entry.scope[dimensionId] === segmentId)),
    ).length;
  };

  describe('POST /dimensions', () => {
    it('creates a dimension with its segments (201) that reads back', async () => {
      const response = await system.api.as('admin', 'POST', '/dimensions', channel());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ ...channel(), createdAt: expect.stringMatching(/Z$/), updatedAt: response.body.createdAt });
      const read = await system.api.as('viewer', 'GET', '/dimensions/dim-channel');
      expect(read.status).toBe(200);
      expect(read.body).toEqual(response.body);
      const list = await system.api.as('agent', 'GET', '/dimensions');
      expect(list.body.map((dimension: { id: string }) => dimension.id)).toEqual(['dim-channel', 'dim-language', 'dim-market']);
    });

    it('answers 409 for an id that is taken, and leaves the dimension as it was', async () => {
      const before = await system.api.as('viewer', 'GET', '/dimensions/dim-language');
      const response = await system.api.as('admin', 'POST', '/dimensions', { ...channel(), id: 'dim-language' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', details: { dimensionId: 'dim-language' } });
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-language')).body).toEqual(before.body);
    });

    it.each([
      ['an id that is not a stable id', { id: 'Dim Colour' }, 'id'],
      ['an id over 100 characters', { id: `d${'x'.repeat(100)}` }, 'id'],
      ['a missing name', { name: undefined }, 'name'],
      ['no segments', { segments: [] }, 'segments'],
      ['a segment without a name', { segments: [{ id: 'seg-red' }] }, 'segments[0].name'],
      ['a bad segment id', { segments: [{ id: 'Seg Red', name: 'Red' }] }, 'segments[0].id'],
      ['a repeated segment id', { segments: [{ id: 'seg-red', name: 'Red' }, { id: 'seg-red', name: 'Rot' }] }, 'segments[1].id'],
      ['an unknown property', { colour: 'red' }, 'colour'],
    ])('answers 400 naming the field for %s, creating nothing', async (_, change, field) => {
      const body = { ...channel(), id: 'dim-colour', ...change };
      const response = await system.api.as('admin', 'POST', '/dimensions', body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
      expect(fieldsOf(response.body)).toContain(field);
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-colour')).status).toBe(404);
    });
  });

  describe('PUT /dimensions/:id', () => {
    it('renames, adds and reorders segments', async () => {
      const before = await system.api.as('viewer', 'GET', '/dimensions/dim-channel');
      const body = {
        name: 'Sales channel',
        segments: [
          { id: 'seg-print', name: 'Printed catalog' },
          { id: 'seg-web', name: 'Web shop' },
          { id: 'seg-app', name: 'Mobile app' },
        ],
      };
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-channel', body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: 'dim-channel', ...body, createdAt: before.body.createdAt });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.body.updatedAt));
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-channel')).body).toEqual(response.body);
    });

    it('removes a segment no record value uses', async () => {
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-channel', {
        name: 'Sales channel',
        segments: [{ id: 'seg-web', name: 'Web shop' }],
      });
      expect(response.status).toBe(200);
      expect(response.body.segments).toEqual([{ id: 'seg-web', name: 'Web shop' }]);
    });

    it('answers 409 naming the segment and a record count when record values still use it, changing nothing', async () => {
      const before = await system.api.as('viewer', 'GET', '/dimensions/dim-market');
      const holders = await recordsUsing('dim-market', 'seg-dk');
      expect(holders).toBeGreaterThan(0);
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-market', {
        name: 'Markets',
        segments: [{ id: 'seg-de', name: 'Germany' }, { id: 'seg-se', name: 'Sweden' }],
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'conflict' });
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'segments', rule: 'segment-in-use', dimensionId: 'dim-market', segmentId: 'seg-dk', recordCount: holders }),
      ]);
      expect(response.body.message).toContain('seg-dk');
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-market')).body).toEqual(before.body);
    });

    it('counts a value set after the dimension was created', async () => {
      const created = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: 'SEG-DE-1' }], price: [{ scope: { 'dim-market': 'seg-de' }, value: 10 }] },
      });
      expect(created.status).toBe(201);
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-market', {
        name: 'Market',
        segments: [{ id: 'seg-dk', name: 'Denmark' }],
      });
      expect(response.status).toBe(409);
      expect(response.body.details).toEqual([expect.objectContaining({ segmentId: 'seg-de', recordCount: await recordsUsing('dim-market', 'seg-de') })]);
    });

    it('keeps segment ids unique within their dimension only (seg-de is German and Germany)', async () => {
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-language', {
        name: 'Language',
        segments: [{ id: 'seg-da', name: 'Danish' }, { id: 'seg-de', name: 'Deutsch' }, { id: 'seg-dk', name: 'Not a language' }],
      });
      expect(response.status).toBe(200);
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-market')).body.segments).toContainEqual({ id: 'seg-dk', name: 'Denmark' });
    });

    it('answers 404 for an unknown dimension', async () => {
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-nope', { name: 'Nope', segments: [{ id: 'seg-a', name: 'A' }] });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not-found');
    });

    it.each([
      ['an id in the body', { id: 'dim-other' }, 'id'],
      ['a blank segment name', { segments: [{ id: 'seg-web', name: '' }] }, 'segments[0].name'],
      ['a repeated segment id', { segments: [{ id: 'seg-web', name: 'Web' }, { id: 'seg-web', name: 'Web 2' }] }, 'segments[1].id'],
      ['segments that are not a list', { segments: 'seg-web' }, 'segments'],
    ])('answers 400 for %s, changing nothing', async (_, change, field) => {
      const before = await system.api.as('viewer', 'GET', '/dimensions/dim-channel');
      const response = await system.api.as('admin', 'PUT', '/dimensions/dim-channel', { name: 'Renamed', segments: before.body.segments, ...change });
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toContain(field);
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-channel')).body).toEqual(before.body);
    });
  });

  describe('permissions', () => {
    it.each(['editor', 'viewer', 'reviewer', 'agent'])('refuses dimension writes to %s (403), changing nothing', async (role) => {
      const before = await system.api.as('viewer', 'GET', '/dimensions/dim-channel');
      const created = await system.api.as(role, 'POST', '/dimensions', { ...channel(), id: `dim-by-${role}` });
      expect(created.status).toBe(403);
      expect(created.body).toMatchObject({ code: 'forbidden', details: { permission: 'workspace:manage' } });
      const updated = await system.api.as(role, 'PUT', '/dimensions/dim-channel', { name: 'Hacked', segments: [{ id: 'seg-x', name: 'X' }] });
      expect(updated.status).toBe(403);
      expect((await system.api.as('viewer', 'GET', `/dimensions/dim-by-${role}`)).status).toBe(404);
      expect((await system.api.as('viewer', 'GET', '/dimensions/dim-channel')).body).toEqual(before.body);
    });

    it('answers 401 without a token, for reads and writes', async () => {
      for (const [method, path, body] of [
        ['GET', '/dimensions', undefined],
        ['GET', '/dimensions/dim-language', undefined],
        ['POST', '/dimensions', { ...channel(), id: 'dim-anon' }],
        ['PUT', '/dimensions/dim-channel', { name: 'Anon', segments: [{ id: 'seg-x', name: 'X' }] }],
      ] as const) {
        const response = await system.api.request(method, path, { body });
        expect([method, path, response.status]).toEqual([method, path, 401]);
      }
    });
  });

  it('documents the dimension writes in the OpenAPI document', async () => {
    const response = await system.api.request('GET', '/docs/openapi.json');
    const paths = response.body.paths;
    expect(Object.keys(paths['/dimensions'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/dimensions/{id}'])).toEqual(expect.arrayContaining(['get', 'put']));
    expect(paths['/dimensions/{id}'].put.description).toContain('409');
  });
});
