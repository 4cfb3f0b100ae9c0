import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

const INVALID_KEY = { statusCode: 401, error: 'Unauthorized', message: 'Invalid, expired or revoked API key', code: 'unauthorized' };

describe('service accounts and API keys (e2e)', () => {
  let system: TestSystem;
  let botId: string;
  let botKey: string;
  let botKeyId: string;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'api-keys' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const withKey = (key: string, method: string, path: string, body?: unknown, header: 'bearer' | 'x-api-key' = 'bearer') =>
    system.api.request(method, path, { body, headers: header === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key } });
  const createKey = (body: Record<string, unknown>) => system.api.as('admin', 'POST', '/api-keys', body);
  const listKeys = async (query = '') => (await system.api.as('admin', 'GET', `/api-keys${query}`)).body;

  it('an admin creates a service account: no password, cannot sign in with one', async () => {
    const created = await system.api.as('admin', 'POST', '/users', { username: 'enrichment.bot', displayName: 'Enrichment bot', roles: ['role-agent'], serviceAccount: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'enrichment.bot', roles: ['role-agent'], serviceAccount: true });
    botId = created.body.id;
    const login = await system.api.request('POST', '/auth/token', { body: { username: 'enrichment.bot', password: 'enrichment.bot' } });
    expect(login.status).toBe(401);
    const withPassword = await system.api.as('admin', 'POST', '/users', { username: 'bot2', displayName: 'Bot', roles: ['role-agent'], serviceAccount: true, password: 'a-password-1' });
    expect(withPassword.status).toBe(400);
    expect(withPassword.body.details.map((issue: { field: string }) => issue.field)).toContain('password');
    const setPassword = await system.api.as('admin', 'PUT', `/users/${botId}`, { password: 'a-password-1' });
    expect(setPassword.status).toBe(400);
    expect((await system.api.as('admin', 'GET', '/users/user-editor')).body.serviceAccount).toBe(false);
  });

  it('creates a key (201): the secret is shown once, never listed', async () => {
    const response = await createKey({ userId: botId, name: 'PIM enrichment pipeline', role: 'role-agent' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^key_[0-9A-Za-z]{10}$/),
      key: expect.stringMatching(/^sk_[0-9A-Za-z]{43}$/),
      name: 'PIM enrichment pipeline',
      userId: botId,
      role: 'role-agent',
      prefix: response.body.key.slice(0, 10),
      createdBy: 'user-admin',
      createdAt: expect.stringMatching(/Z$/),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    botKey = response.body.key;
    botKeyId = response.body.id;
    const page = await listKeys();
    expect(page.total).toBe(1);
    expect(page.items[0]).toEqual({ ...response.body, key: undefined });
    expect(JSON.stringify(page)).not.toContain(botKey);
  });

  it('the key works as Authorization: Bearer and as X-API-Key, with the role it was given', async () => {
    expect((await withKey(botKey, 'GET', '/records/ent-001')).status).toBe(200);
    expect((await withKey(botKey, 'GET', '/records/ent-001', undefined, 'x-api-key')).status).toBe(200);
    const proposal = await withKey(botKey, 'POST', '/change-sets', {
      title: 'Enrichment',
      source: { type: 'agent', name: 'Bot' },
      operations: [{ type: 'update', entityId: 'ent-002', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Linen' }] }],
    });
    expect(proposal.status).toBe(201);
    expect(proposal.body.createdBy).toBe(botId);
    const write = await withKey(botKey, 'PATCH', '/records/ent-001/values/material', { value: 'Silk' });
    expect(write.status).toBe(403);
  });

  it('GET /me tells the caller who it is and how it authenticated', async () => {
    const asKey = await withKey(botKey, 'GET', '/me');
    expect(asKey.status).toBe(200);
    expect(asKey.body).toEqual({
      id: botId,
      username: 'enrichment.bot',
      displayName: 'Enrichment bot',
      roles: ['role-agent'],
      authType: 'api-key',
      serviceAccount: true,
      apiKeyId: botKeyId,
    });
    const asJwt = await system.api.as('editor', 'GET', '/me');
    expect(asJwt.body).toEqual({
      id: 'user-editor',
      username: 'editor',
      displayName: expect.any(String),
      roles: ['role-editor'],
      authType: 'jwt',
      serviceAccount: false,
    });
    expect((await system.api.request('GET', '/me')).status).toBe(401);
  });

  it('records when a key was last used', async () => {
    const key = (await listKeys()).items.find((item: { id: string }) => item.id === botKeyId);
    expect(key.lastUsedAt).toEqual(expect.stringMatching(/Z$/));
  });

  it('a revoked key answers 401; the list shows revokedAt', async () => {
    const revoked = await system.api.as('admin', 'DELETE', `/api-keys/${botKeyId}`);
    expect(revoked.status).toBe(204);
    const response = await withKey(botKey, 'GET', '/records/ent-001');
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID_KEY);
    expect((await withKey(botKey, 'GET', '/me', undefined, 'x-api-key')).status).toBe(401);
    const listed = (await listKeys()).items.find((item: { id: string }) => item.id === botKeyId);
    expect(listed.revokedAt).toEqual(expect.stringMatching(/Z$/));
    expect((await system.api.as('admin', 'DELETE', `/api-keys/${botKeyId}`)).status).toBe(204);
    expect((await system.api.as('admin', 'DELETE', '/api-keys/key_unknown000')).status).toBe(404);
  });

  it('an expired key answers 401', async () => {
    const expiresAt = new Date(Date.now() + 2500).toISOString();
    const created = await createKey({ userId: 'user-viewer', name: 'short-lived', role: 'role-viewer', expiresAt });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(expiresAt);
    expect((await withKey(created.body.key, 'GET', '/records/ent-001')).status).toBe(200);
    await eventually(async () => expect((await withKey(created.body.key, 'GET', '/records/ent-001')).status).toBe(401), 10000, 250);
  });

  it("a key's role is capped by its owner's current roles", async () => {
    const owner = await system.api.as('admin', 'POST', '/users', { username: 'key.owner', displayName: 'Key Owner', password: 'key-owner-pw', roles: ['role-editor'] });
    const key = (await createKey({ userId: owner.body.id, name: 'owner key', role: 'role-editor' })).body.key;
    expect((await withKey(key, 'POST', '/catalogs', { id: 'catalog-by-key', name: 'By key' })).status).toBe(201);

    expect((await system.api.as('admin', 'PUT', `/users/${owner.body.id}`, { roles: ['role-viewer'] })).status).toBe(200);
    await eventually(async () => expect((await withKey(key, 'POST', '/catalogs', { id: 'catalog-by-key-2', name: 'Again' })).status).toBe(403), 8000);
    // Roles are not ranked: an editor key whose owner is now only a viewer grants nothing, reads included.
    expect((await withKey(key, 'GET', '/records/ent-001')).status).toBe(403);
    expect((await withKey(key, 'GET', '/me')).body).toMatchObject({ id: owner.body.id, roles: [], authType: 'api-key' });

    const beyond = await createKey({ userId: owner.body.id, name: 'too much', role: 'role-admin' });
    expect(beyond.status).toBe(400);
    expect(beyond.body.details).toEqual([expect.objectContaining({ field: 'role', rule: 'held-by-owner' })]);
  });

  it("deleting a key's owner makes the key fail (401)", async () => {
    const owner = await system.api.as('admin', 'POST', '/users', { username: 'short.lived', displayName: 'Short', roles: ['role-viewer'], serviceAccount: true });
    const key = (await createKey({ userId: owner.body.id, name: 'k', role: 'role-viewer' })).body.key;
    expect((await withKey(key, 'GET', '/records/ent-001')).status).toBe(200);
    expect((await system.api.as('admin', 'DELETE', `/users/${owner.body.id}`)).status).toBe(204);
    expect((await withKey(key, 'GET', '/records/ent-001')).status).toBe(401);
  });

  it.each([
    ['an unknown key', `sk_${'A'.repeat(43)}`],
    ['a malformed key', 'sk_short'],
  ])('answers 401 to %s', async (_, key) => {
    expect(await withKey(key, 'GET', '/records/ent-001')).toMatchObject({ status: 401, body: INVALID_KEY });
    expect((await withKey(key, 'GET', '/records/ent-001', undefined, 'x-api-key')).status).toBe(401);
  });

  it.each([
    ['no name', { role: 'role-viewer', userId: 'user-viewer' }, 'name'],
    ['an unknown role', { name: 'x', role: 'role-root', userId: 'user-viewer' }, 'role'],
    ['an expiry in the past', { name: 'x', role: 'role-viewer', userId: 'user-viewer', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['an expiry that is not a date', { name: 'x', role: 'role-viewer', userId: 'user-viewer', expiresAt: 'tomorrow' }, 'expiresAt'],
    ['an unknown user', { name: 'x', role: 'role-viewer', userId: 'user-nobody' }, 'userId'],
    ['a chosen key', { name: 'x', role: 'role-viewer', userId: 'user-viewer', key: 'sk_mine' }, 'key'],
  ])('answers 400 naming the field for %s, creating nothing', async (_, body, field) => {
    const before = (await listKeys()).total;
    const response = await createKey(body);
    expect(response.status).toBe(400);
    expect(response.body.details.map((issue: { field: string }) => issue.field)).toContain(field);
    expect((await listKeys()).total).toBe(before);
  });

  it('filters and pages the list', async () => {
    const all = await listKeys();
    // The bot's, the short-lived and the capped one; the deleted owner's key went with its owner.
    expect(all.total).toBe(3);
    const mine = await listKeys(`?userId=${botId}`);
    expect(mine.items.map((item: { userId: string }) => item.userId)).toEqual([botId]);
    const page = await listKeys('?limit=1&offset=1');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(all.total);
    expect((await system.api.as('admin', 'GET', '/api-keys?limit=501')).status).toBe(400);
  });

  it('only admins manage keys', async () => {
    for (const role of ['editor', 'reviewer', 'viewer', 'agent']) {
      for (const [method, path, body] of [
        ['GET', '/api-keys', undefined],
        ['POST', '/api-keys', { userId: 'user-viewer', name: 'x', role: 'role-viewer' }],
        ['DELETE', `/api-keys/${botKeyId}`, undefined],
      ] as const) {
        const response = await system.api.as(role, method, path, body);
        expect([role, method, response.status, response.body.details]).toEqual([role, method, 403, { permission: 'api-keys:manage' }]);
      }
    }
  });

  it('documents the api-key security scheme next to bearer, and the new endpoints', async () => {
    const document = (await system.api.request('GET', '/docs/openapi.json')).body;
    expect(document.components.securitySchemes['api-key']).toEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }));
    expect(document.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(document.paths['/api/v1/records/{id}'].get.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'api-key': [] }]));
    expect(Object.keys(document.paths['/api/v1/api-keys'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(document.paths['/api/v1/api-keys/{id}'].delete).toBeDefined();
    expect(document.paths['/api/v1/me'].get).toBeDefined();
    expect(Object.keys(document.components.schemas.ApiKeyResponseDto.properties)).not.toContain('key');
    expect(document.components.schemas.CreatedApiKeyDto.properties.key).toBeDefined();
  });
});
