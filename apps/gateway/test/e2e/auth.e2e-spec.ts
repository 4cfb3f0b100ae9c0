import { generateKeyPairSync, sign } from 'node:crypto';
import { startTestSystem, type TestSystem } from '@sigma/testing';
import { base64url, DEV_SECRET, nowSeconds as now, signHs256 } from '../support/jwt';

const validClaims = () => ({
  sub: 'user-admin',
  roles: ['role-admin'],
  iss: 'sigma-pim',
  aud: 'sigma-pim-api',
  iat: now(),
  exp: now() + 600,
  tokenVersion: 1,
});

describe('auth (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'auth' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('issues a bearer token for demo credentials', async () => {
    const response = await system.api.request('POST', '/auth/token', { body: { username: 'admin', password: 'admin-demo' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresIn: 1209600,
    });
    const [, payload] = response.body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'user-admin', roles: ['role-admin'], iss: 'sigma-pim', aud: 'sigma-pim-api' });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it.each([
    ['wrong password', { username: 'admin', password: 'nope' }],
    ['unknown user', { username: 'ghost', password: 'ghost-demo' }],
  ])('answers 401 with one message for a %s', async (_, body) => {
    const response = await system.api.request('POST', '/auth/token', { body });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password', code: 'unauthorized' });
  });

  it('rejects a token request with missing or extra fields, naming them', async () => {
    const response = await system.api.request('POST', '/auth/token', { body: { username: 'admin', role: 'role-admin' } });
    expect(response.status).toBe(400);
    const fields = response.body.details.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['password', 'role']));
  });

  it('accepts a token it signed', async () => {
    const response = await system.api.request('GET', '/records/ent-001', { token: signHs256(validClaims()) });
    expect(response.status).toBe(200);
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['alg none', `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(validClaims())}.`],
    ['a wrong signature', signHs256(validClaims(), 'another-secret-another-secret-another')],
    ['an expired token', signHs256({ ...validClaims(), iat: now() - 7200, exp: now() - 3600 })],
    ['a token not valid yet', signHs256({ ...validClaims(), nbf: now() + 3600 })],
    ['a wrong issuer', signHs256({ ...validClaims(), iss: 'someone-else' })],
    ['a wrong audience', signHs256({ ...validClaims(), aud: 'another-api' })],
    ['no subject', signHs256({ ...validClaims(), sub: undefined })],
    ['HS512 instead of the pinned HS256', signHs256(validClaims(), DEV_SECRET, { alg: 'HS512', typ: 'JWT' })],
  ])('answers 401 to %s without saying why', async (_, token) => {
    const response = await system.api.request('GET', '/records/ent-001', { token });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', code: 'unauthorized' });
  });

  it('rejects a tampered payload', async () => {
    const token = await system.api.token('viewer');
    const [header, , signature] = token.split('.');
    const forged = `${header}.${base64url({ ...validClaims(), sub: 'user-viewer' })}.${signature}`;
    const response = await system.api.request('GET', '/records/ent-001', { token: forged });
    expect(response.status).toBe(401);
  });

  it('answers 401 to an unexpired token of a deleted user', async () => {
    const created = await system.api.as('admin', 'POST', '/users', {
      username: 'soon.gone',
      displayName: 'Soon Gone',
      password: 'soon-gone-password',
      roles: ['role-editor'],
    });
    expect(created.status).toBe(201);
    const login = await system.api.request('POST', '/auth/token', { body: { username: 'soon.gone', password: 'soon-gone-password' } });
    const token: string = login.body.accessToken;
    expect((await system.api.as('admin', 'DELETE', `/users/${created.body.id}`)).status).toBeLessThan(300);
    const response = await system.api.request('GET', '/records/ent-001', { token });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', code: 'unauthorized' });
  });

  it('answers 401 to a well-formed token of a user that never existed', async () => {
    const response = await system.api.request('GET', '/records/ent-001', { token: signHs256({ ...validClaims(), sub: 'user-ghost' }) });
    expect(response.status).toBe(401);
  });

  it('RS256/HS256 key confusion does not apply (only HS256 is configured): an RS256-signed token is refused', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(validClaims())}`;
    const rs256 = `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
    // The classic confusion: HS256 keyed with the (public) RSA key.
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const token of [rs256, signHs256(validClaims(), pem)]) {
      const response = await system.api.request('GET', '/records/ent-001', { token });
      expect(response.status).toBe(401);
    }
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await system.api.request('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const generated = await system.api.request('GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports health of every service', async () => {
    const response = await system.api.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body.services.records).toMatchObject({ status: 'up', checks: { postgres: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('serves the OpenAPI document with the records endpoints', async () => {
    const response = await system.api.request('GET', '/docs/openapi.json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/records', '/api/v1/records/{id}', '/api/v1/records/{id}/values/{attr}', '/api/v1/auth/token']),
    );
  });
});
