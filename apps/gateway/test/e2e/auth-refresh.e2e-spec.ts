import { startTestSystem, type TestSystem } from '@sigma/testing';
import { claimsOf } from '../support/jwt';

const INVALID_REFRESH = { statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired refresh token', code: 'unauthorized' };

describe('refresh tokens (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'auth-refresh' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const login = async (username: string, password = `${username}-demo`) => {
    const response = await system.api.request('POST', '/auth/token', { body: { username, password } });
    expect(response.status).toBe(200);
    return response.body as { accessToken: string; refreshToken: string; expiresIn: number; refreshExpiresIn: number };
  };
  const refresh = (refreshToken: unknown) => system.api.request('POST', '/auth/refresh', { body: { refreshToken } });
  const logout = (refreshToken: unknown) => system.api.request('POST', '/auth/logout', { body: { refreshToken } });
  const canRead = async (token: string) => (await system.api.request('GET', '/records/ent-001', { token })).status === 200;

  it('a login returns a short access token and an opaque refresh token', async () => {
    const response = await system.api.request('POST', '/auth/token', { body: { username: 'viewer', password: 'viewer-demo' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^rt_[0-9A-Za-z]{43}$/),
      refreshExpiresIn: 1209600,
    });
    const claims = claimsOf(response.body.accessToken);
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it('rotates: each refresh returns a new pair and retires the refresh token used', async () => {
    const first = await login('editor');
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^rt_/),
      refreshExpiresIn: 1209600,
    });
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(claimsOf(second.body.accessToken)).toMatchObject({ sub: 'user-editor', roles: ['role-editor'] });
    expect(await canRead(second.body.accessToken)).toBe(true);

    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
    expect(await canRead(third.body.accessToken)).toBe(true);
  });

  it('a reused (already rotated) refresh token is refused and revokes its whole family', async () => {
    const first = await login('reviewer');
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(INVALID_REFRESH);
    // The legitimate holder's newer token died with the family.
    expect((await refresh(second.body.refreshToken)).status).toBe(401);
    // Another session of the same user is untouched.
    const other = await login('reviewer');
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('logout revokes the refresh token (204, idempotent, no oracle for unknown tokens)', async () => {
    const session = await login('agent');
    const loggedOut = await logout(session.refreshToken);
    expect(loggedOut.status).toBe(204);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await logout(session.refreshToken)).status).toBe(204);
    expect((await logout(`rt_${'x'.repeat(43)}`)).status).toBe(204);
  });

  it('a password change revokes the refresh tokens issued before it', async () => {
    const created = await system.api.as('admin', 'POST', '/users', { username: 'refresh.jane', displayName: 'Jane', password: 'jane-first-pw', roles: ['role-viewer'] });
    expect(created.status).toBe(201);
    const session = await login('refresh.jane', 'jane-first-pw');
    expect((await system.api.as('admin', 'PUT', `/users/${created.body.id}`, { password: 'jane-second-pw' })).status).toBe(200);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    const again = await login('refresh.jane', 'jane-second-pw');
    expect((await refresh(again.refreshToken)).status).toBe(200);
  });

  it("a deleted user's refresh token is refused", async () => {
    const created = await system.api.as('admin', 'POST', '/users', { username: 'refresh.gone', displayName: 'Gone', password: 'gone-password', roles: ['role-viewer'] });
    const session = await login('refresh.gone', 'gone-password');
    expect((await system.api.as('admin', 'DELETE', `/users/${created.body.id}`)).status).toBe(204);
    expect((await refresh(session.refreshToken)).status).toBe(401);
  });

  it.each([
    ['an unknown token', `rt_${'a'.repeat(43)}`],
    ['a malformed token', 'not-a-refresh-token'],
    ['an access token', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('refuses %s (401, one message)', async (_, token) => {
    const response = await refresh(token);
    expect(response.status).toBe(401);
    expect(response.body).toEqual(INVALID_REFRESH);
  });

  it('answers 400 naming the field when refreshToken is missing or not a string', async () => {
    for (const body of [{}, { refreshToken: 42 }, { refreshToken: 'x', extra: true }]) {
      for (const path of ['/auth/refresh', '/auth/logout']) {
        const response = await system.api.request('POST', path, { body });
        expect([path, response.status]).toEqual([path, 400]);
        expect(response.body.code).toBe('validation-failed');
      }
    }
  });

  it('documents refresh and logout', async () => {
    const document = (await system.api.request('GET', '/docs/openapi.json')).body;
    expect(document.paths['/api/v1/auth/refresh'].post).toBeDefined();
    expect(document.paths['/api/v1/auth/logout'].post).toBeDefined();
    expect(Object.keys(document.components.schemas.TokenResponseDto.properties)).toEqual(
      expect.arrayContaining(['accessToken', 'tokenType', 'expiresIn', 'refreshToken', 'refreshExpiresIn']),
    );
  });
});
