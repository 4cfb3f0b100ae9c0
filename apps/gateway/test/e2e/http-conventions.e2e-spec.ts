import { startTestSystem, type TestSystem } from '@sigma/testing';

const APP = 'https://app.example.com';

/** Location on every 201 and CORS for the configured origins (CORS off by default: sdk.e2e-spec). */
describe('HTTP conventions: Location and CORS (e2e)', () => {
  let system: TestSystem;
  let origin: string;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'http-conventions', env: { CORS_ORIGINS: `${APP},http://localhost:5173` } });
    origin = new URL(system.baseUrl).origin;
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Every 201 operation this test creates through; compared with the document at the end. */
  const covered = new Set<string>();

  /** POSTs, expects 201 with a Location under /api/v1, and returns the body and the location. */
  async function created(user: string, template: string, path: string, body: unknown, headers: Record<string, string> = {}) {
    const response = await system.api.request('POST', path, { body, token: await system.api.token(user), headers });
    expect({ path, status: response.status }).toEqual({ path, status: 201 });
    const location = response.headers.get('location');
    expect(location).toMatch(/^\/api\/v1\//);
    covered.add(`POST ${template}`);
    return { body: response.body, location: location!, headers: response.headers };
  }

  async function follow(user: string, location: string, method = 'GET') {
    const response = await fetch(`${origin}${location}`, { method, headers: { authorization: `Bearer ${await system.api.token(user)}` } });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
  }

  it('answers every 201 with a Location that leads to what was created', async () => {
    const record = await created('editor', '/records', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'LOC-1' }] } });
    expect(record.location).toBe(`/api/v1/records/${record.body.id}`);
    expect(await follow('viewer', record.location)).toMatchObject({ status: 200, body: { id: record.body.id } });

    const dimension = await created('admin', '/dimensions', '/dimensions', { id: 'dim-channel', name: 'Channel', segments: [{ id: 'seg-web', name: 'Web' }] });
    expect(await follow('viewer', dimension.location)).toMatchObject({ status: 200, body: { id: 'dim-channel' } });

    const schema = await created('admin', '/schemas', '/schemas', {
      id: 'schema-location',
      name: 'Location',
      initialLifecycleStateId: 'state-draft',
      attributes: [{ alias: 'title', name: 'Title', dataType: 'text', dimensionIds: [], rules: {} }],
    });
    expect(await follow('viewer', schema.location)).toMatchObject({ status: 200, body: { id: 'schema-location' } });

    const workflow = await created('admin', '/workflows', '/workflows', {
      id: 'workflow-location',
      schemaId: 'schema-location',
      name: 'Location lifecycle',
      initialStateId: 'state-draft',
      states: [{ id: 'state-draft', name: 'Draft', requiredAttributes: [] }],
      transitions: [],
    });
    expect(await follow('viewer', workflow.location)).toMatchObject({ status: 200, body: { id: 'workflow-location' } });

    const user = await created('admin', '/users', '/users', { username: 'location.user', displayName: 'Location User', password: 'location-password', roles: ['role-viewer'] });
    expect(await follow('admin', user.location)).toMatchObject({ status: 200, body: { username: 'location.user' } });

    const key = await created('admin', '/api-keys', '/api-keys', { userId: user.body.id, name: 'Location key', role: 'role-viewer' });
    expect(key.location).toBe(`/api/v1/api-keys/${key.body.id}`);
    expect(await follow('admin', key.location, 'DELETE')).toEqual({ status: 204, body: undefined });

    const catalog = await created('admin', '/catalogs', '/catalogs', { id: 'catalog-location', name: 'Location' });
    expect(await follow('viewer', catalog.location)).toMatchObject({ status: 200, body: { id: 'catalog-location' } });

    const category = await created('editor', '/catalogs/{id}/categories', '/catalogs/catalog-location/categories', { id: 'cat-location', name: 'Location' });
    expect(category.location).toBe('/api/v1/categories/cat-location');
    expect(await follow('viewer', category.location)).toMatchObject({ status: 200, body: { id: 'cat-location' } });

    const assigned = await created('editor', '/records/{id}/categories', `/records/${record.body.id}/categories`, { categoryId: 'cat-location' });
    expect(await follow('viewer', assigned.location)).toEqual({ status: 200, body: [{ entityId: record.body.id, categoryId: 'cat-location', sortOrder: 0 }] });

    const changeSet = await created('agent', '/change-sets', '/change-sets', {
      title: 'Location',
      source: { type: 'agent', name: 'Tester' },
      operations: [{ type: 'update', entityId: record.body.id, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Wool' }] }],
    });
    expect(await follow('viewer', changeSet.location)).toMatchObject({ status: 200, body: { id: changeSet.body.id, status: 'draft' } });

    const annotation = await created('reviewer', '/change-sets/{id}/operations/{opId}/annotate', '/change-sets/cs-agent-enrichment/operations/cop-enrich-1/annotate', {
      attributeAlias: 'short-description',
      text: 'premium cotton',
      startOffset: 25,
      endOffset: 39,
      sentiment: 'good',
    });
    expect(annotation.location).toBe(`/api/v1/change-sets/cs-agent-enrichment/annotations/${annotation.body.id}`);
    expect(await follow('reviewer', annotation.location, 'DELETE')).toEqual({ status: 200, body: { deleted: true } });

    const message = await created('reviewer', '/change-sets/{id}/messages', '/change-sets/cs-agent-enrichment/messages', {
      authorId: 'user-reviewer',
      authorName: 'Reviewer',
      authorType: 'user',
      body: 'Where is the Location?',
    });
    const thread = await follow('viewer', message.location);
    expect(thread.status).toBe(200);
    expect(thread.body.map((entry: { id: string }) => entry.id)).toContain(message.body.id);

    const imported = await created('editor', '/imports', '/imports', { schemaId: 'schema-apparel', source: { type: 'import', name: 'Supplier' } });
    expect(imported.location).toBe(`/api/v1/imports/${imported.body.id}`);
    expect(await follow('editor', imported.location)).toMatchObject({ status: 200, body: { id: imported.body.id, status: 'waiting-for-file' } });

    const webhook = await created('admin', '/webhooks', '/webhooks', { url: 'https://hooks.example.com/sigma', eventTypes: ['records.record.updated'] });
    expect(await follow('admin', webhook.location)).toMatchObject({ status: 200, body: { id: webhook.body.id } });

    // A revert needs an applied set: the editor's own proposal, approved and applied.
    const proposal = await system.api.as('editor', 'POST', '/change-sets', {
      title: 'Applied for revert',
      source: { type: 'user', name: 'Editor' },
      operations: [{ type: 'update', entityId: record.body.id, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Silk' }] }],
    });
    expect((await system.api.as('editor', 'POST', `/change-sets/${proposal.body.id}/submit`)).status).toBe(200);
    expect((await system.api.as('reviewer', 'POST', `/change-sets/${proposal.body.id}/approve`, {})).status).toBe(200);
    expect((await system.api.as('reviewer', 'POST', `/change-sets/${proposal.body.id}/apply`)).status).toBe(200);
    const revert = await created('editor', '/change-sets/{id}/revert', `/change-sets/${proposal.body.id}/revert`, {});
    expect(await follow('viewer', revert.location)).toMatchObject({ status: 200, body: { id: revert.body.id, status: 'draft' } });

    const document = (await system.api.request('GET', '/docs/openapi.json')).body;
    const documented = Object.entries<Record<string, { responses: Record<string, unknown> }>>(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => (operation.responses?.['201'] ? [`${method.toUpperCase()} ${path}`] : [])),
    );
    expect([...covered].sort()).toEqual(documented.sort());
  });

  it('repeats the Location when an Idempotency-Key replays a 201', async () => {
    const body = { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'LOC-IDEMPOTENT' }] } };
    const first = await created('editor', '/records', '/records', body, { 'idempotency-key': 'location-replay-1' });
    const replay = await created('editor', '/records', '/records', body, { 'idempotency-key': 'location-replay-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.location).toBe(first.location);
  });

  it('answers a preflight from an allowed origin, and none from another', async () => {
    const preflight = (from: string) =>
      fetch(`${system.baseUrl}/records/ent-001`, {
        method: 'OPTIONS',
        headers: { origin: from, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, content-type, if-match' },
      });
    const allowed = await preflight(APP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed origin read the answer and its Location, ETag and paging headers', async () => {
    const token = await system.api.token('editor');
    const response = await fetch(`${system.baseUrl}/records`, {
      method: 'POST',
      headers: { origin: APP, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'LOC-CORS' }] } }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    const exposed = response.headers.get('access-control-expose-headers')?.split(',').map((name) => name.trim().toLowerCase());
    expect(exposed).toEqual(expect.arrayContaining(['location', 'etag', 'x-total-count', 'retry-after']));
    const foreign = await fetch(`${system.baseUrl}/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes a bodiless POST sent with content-type: application/json as no body, and still refuses broken JSON', async () => {
    const token = await system.api.token('editor');
    const post = (body?: string) =>
      fetch(`${system.baseUrl}/change-sets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    const set = await system.api.as('editor', 'POST', '/change-sets', {
      title: 'Bodiless submit',
      source: { type: 'user', name: 'Editor' },
      operations: [{ type: 'update', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', scope: {}, newValue: 'Linen' }] }],
    });
    expect(set.status).toBe(201);
    const submitted = await fetch(`${system.baseUrl}/change-sets/${set.body.id}/submit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(submitted.status).toBe(200);
    expect(((await submitted.json()) as { status: string }).status).toBe('pending_approval');
    const broken = await post('{"title": ');
    expect(broken.status).toBe(400);
    const poisoned = await post('{"__proto__": {"admin": true}}');
    expect(poisoned.status).toBe(400);
  });
});
