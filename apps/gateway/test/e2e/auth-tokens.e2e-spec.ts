import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';
import { nowSeconds, signHs256 } from '../support/jwt';

/** The gateway's default AUTH_USER_CACHE_MS: how long another replica may still trust what it cached of a user. */
const RIGHTS_FOLLOW_WITHIN_MS = 5000;
const INVALID_TOKEN = { statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', code: 'unauthorized' };

describe('tokens follow the user (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'auth-tokens' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const login = async (username: string, password: string): Promise<string> => {
    const response = await system.api.request('POST', '/auth/token', { body: { username, password } });
    expect(response.status).toBe(200);
    return response.body.accessToken;
  };
  const createUser = async (username: string, roles: string[]): Promise<string> => {
    const response = await system.api.as('admin', 'POST', '/users', { username, displayName: username, password: `${username}-password`, roles });
    expect(response.status).toBe(201);
    return response.body.id;
  };
  const claims = (overrides: Record<string, unknown>) => ({
    sub: 'user-viewer',
    roles: ['role-viewer'],
    iss: 'sigma-pim',
    aud: 'sigma-pim-api',
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    tokenVersion: 1,
    ...overrides,
  });

  it('an editor demoted to viewer: the old token can no longer write, a new one has viewer rights only', async () => {
    const id = await createUser('demoted.editor', ['role-editor']);
    const token = await login('demoted.editor', 'demoted.editor-password');
    const before = await system.api.request('POST', '/catalogs', { token, body: { id: 'catalog-before-demotion', name: 'Before' } });
    expect(before.status).toBe(201);

    expect((await system.api.as('admin', 'PUT', `/users/${id}`, { roles: ['role-viewer'] })).status).toBe(200);

    await eventually(async () => {
      const write = await system.api.request('POST', '/catalogs', { token, body: { id: 'catalog-after-demotion', name: 'After' } });
      expect(write.status).toBe(401);
      expect(write.body).toEqual(INVALID_TOKEN);
    }, RIGHTS_FOLLOW_WITHIN_MS + 3000);
    const fresh = await login('demoted.editor', 'demoted.editor-password');
    expect((await system.api.request('POST', '/catalogs', { token: fresh, body: { id: 'catalog-after-demotion', name: 'After' } })).status).toBe(403);
    expect((await system.api.request('GET', '/records/ent-001', { token: fresh })).status).toBe(200);
    expect((await system.api.as('admin', 'GET', '/catalogs/catalog-after-demotion')).status).toBe(404);
  });

  it('a password change revokes earlier tokens (401); a login with the new password works', async () => {
    const id = await createUser('changes.password', ['role-editor']);
    const token = await login('changes.password', 'changes.password-password');
    expect((await system.api.request('GET', '/records/ent-001', { token })).status).toBe(200);

    expect((await system.api.as('admin', 'PUT', `/users/${id}`, { password: 'a-brand-new-password' })).status).toBe(200);

    await eventually(async () => {
      const response = await system.api.request('GET', '/records/ent-001', { token });
      expect(response.status).toBe(401);
      expect(response.body).toEqual(INVALID_TOKEN);
    }, RIGHTS_FOLLOW_WITHIN_MS + 3000);
    const fresh = await login('changes.password', 'a-brand-new-password');
    expect((await system.api.request('GET', '/records/ent-001', { token: fresh })).status).toBe(200);
  });

  it('a display name change revokes nothing', async () => {
    const id = await createUser('renamed.user', ['role-viewer']);
    const token = await login('renamed.user', 'renamed.user-password');
    expect((await system.api.as('admin', 'PUT', `/users/${id}`, { displayName: 'Renamed' })).status).toBe(200);
    expect((await system.api.request('GET', '/records/ent-001', { token })).status).toBe(200);
  });

  it('refuses a validly signed token without exp (401)', async () => {
    expect((await system.api.request('GET', '/records/ent-001', { token: signHs256(claims({})) })).status).toBe(200);
    const response = await system.api.request('GET', '/records/ent-001', { token: signHs256(claims({ exp: undefined })) });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID_TOKEN);
  });

  it.each([
    ['no tokenVersion', { tokenVersion: undefined }],
    ['an older tokenVersion', { tokenVersion: 0 }],
    ['a tokenVersion that is not a number', { tokenVersion: '1' }],
  ])('refuses a validly signed token with %s (401)', async (_, overrides) => {
    const response = await system.api.request('GET', '/records/ent-001', { token: signHs256(claims(overrides)) });
    expect(response.status).toBe(401);
  });

  it("takes roles from the user's record, not from the token: a viewer's token claiming role-admin has viewer rights", async () => {
    const token = signHs256(claims({ roles: ['role-admin'] }));
    expect((await system.api.request('GET', '/records/ent-001', { token })).status).toBe(200);
    const forbidden = await system.api.request('GET', '/users', { token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  it('issues tokens that carry exp and the user\'s tokenVersion', async () => {
    const token = await login('viewer', 'viewer-demo');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'user-viewer', tokenVersion: 1, exp: expect.any(Number) });
  });
});
