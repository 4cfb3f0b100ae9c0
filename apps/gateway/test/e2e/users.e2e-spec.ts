import { startTestSystem, type TestSystem } from '@sigma/testing';

describe('users (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'users' });
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const jane = () => ({ username: 'jane.doe', displayName: 'Jane Doe', password: 'jane-secret-1', roles: ['role-editor'] });
  const login = (username: string, password: string) => system.api.request('POST', '/auth/token', { body: { username, password } });
  const usernames = async () => (await system.api.as('admin', 'GET', '/users')).body.map((user: { username: string }) => user.username);
  const fieldsOf = (body: { details: { field: string }[] }) => body.details.map((issue) => issue.field);
  const noSecrets = (user: Record<string, unknown>) => {
    expect(Object.keys(user).sort()).toEqual(['createdAt', 'displayName', 'id', 'roles', 'serviceAccount', 'updatedAt', 'username']);
  };
  let janeId: string;

  describe('GET /users', () => {
    it('lists the demo users by username, without passwords', async () => {
      const response = await system.api.as('admin', 'GET', '/users');
      expect(response.status).toBe(200);
      expect(response.body.map((user: { username: string }) => user.username)).toEqual(['admin', 'agent', 'editor', 'reviewer', 'viewer']);
      response.body.forEach(noSecrets);
      expect(response.body[0]).toMatchObject({ id: 'user-admin', displayName: 'Product Manager', roles: ['role-admin'] });
    });

    it('gets one user, and answers 404 for an unknown id', async () => {
      const response = await system.api.as('admin', 'GET', '/users/user-editor');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: 'user-editor', username: 'editor', roles: ['role-editor'] });
      noSecrets(response.body);
      const unknown = await system.api.as('admin', 'GET', '/users/user-nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('not-found');
    });
  });

  describe('POST /users', () => {
    it('creates a user (201) with a generated id, who can sign in with the role given', async () => {
      const response = await system.api.as('admin', 'POST', '/users', jane());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^user-[0-9A-Za-z]{8}$/),
        username: 'jane.doe',
        displayName: 'Jane Doe',
        roles: ['role-editor'],
        serviceAccount: false,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      janeId = response.body.id;
      expect((await system.api.as('admin', 'GET', `/users/${janeId}`)).body).toEqual(response.body);
      const token = await login('jane.doe', 'jane-secret-1');
      expect(token.status).toBe(200);
      const claims = JSON.parse(Buffer.from(token.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: janeId, roles: ['role-editor'] });
      const asJane = (method: string, path: string, body?: unknown) => system.api.request(method, path, { body, token: token.body.accessToken });
      expect((await asJane('GET', '/records/ent-001')).status).toBe(200);
      expect((await asJane('GET', '/users')).status).toBe(403);
    });

    it('answers 409 for a username that is taken, creating nothing', async () => {
      const before = await usernames();
      const response = await system.api.as('admin', 'POST', '/users', { ...jane(), username: 'editor' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', details: { field: 'username' } });
      expect(await usernames()).toEqual(before);
      expect((await login('editor', 'jane-secret-1')).status).toBe(401);
    });

    it.each([
      ['a password under 8 characters', { password: 'short' }, 'password'],
      ['no password', { password: undefined }, 'password'],
      ['no roles', { roles: [] }, 'roles'],
      ['an unknown role', { roles: ['role-editor', 'role-superuser'] }, 'roles'],
      ['a repeated role', { roles: ['role-editor', 'role-editor'] }, 'roles'],
      ['an uppercase username', { username: 'John' }, 'username'],
      ['a blank display name', { displayName: '' }, 'displayName'],
      ['a chosen id', { id: 'user-john' }, 'id'],
      ['a password hash', { passwordHash: 'x' }, 'passwordHash'],
    ])('answers 400 naming the field for %s, creating nothing', async (_, change, field) => {
      const before = await usernames();
      const response = await system.api.as('admin', 'POST', '/users', { ...jane(), username: 'john', ...change });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
      expect(fieldsOf(response.body)).toContain(field);
      expect(await usernames()).toEqual(before);
    });
  });

  describe('PUT /users/:id', () => {
    it('changes display name and roles; the response carries no password', async () => {
      const response = await system.api.as('admin', 'PUT', `/users/${janeId}`, { displayName: 'Jane D.', roles: ['role-reviewer', 'role-viewer'] });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: janeId, username: 'jane.doe', displayName: 'Jane D.', roles: ['role-reviewer', 'role-viewer'] });
      noSecrets(response.body);
      expect((await system.api.as('admin', 'GET', `/users/${janeId}`)).body).toEqual(response.body);
    });

    it('sets a new password: the old one stops working', async () => {
      const response = await system.api.as('admin', 'PUT', `/users/${janeId}`, { password: 'jane-secret-2' });
      expect(response.status).toBe(200);
      noSecrets(response.body);
      expect((await login('jane.doe', 'jane-secret-1')).status).toBe(401);
      expect((await login('jane.doe', 'jane-secret-2')).status).toBe(200);
    });

    it('answers 404 for an unknown user', async () => {
      const response = await system.api.as('admin', 'PUT', '/users/user-nope', { displayName: 'Nobody' });
      expect(response.status).toBe(404);
    });

    it.each([
      ['a short password', { password: 'short' }, 'password'],
      ['empty roles', { roles: [] }, 'roles'],
      ['an unknown role', { roles: ['role-root'] }, 'roles'],
      ['a new username', { username: 'janet' }, 'username'],
    ])('answers 400 for %s, changing nothing', async (_, body, field) => {
      const before = await system.api.as('admin', 'GET', `/users/${janeId}`);
      const response = await system.api.as('admin', 'PUT', `/users/${janeId}`, body);
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toContain(field);
      expect((await system.api.as('admin', 'GET', `/users/${janeId}`)).body).toEqual(before.body);
      expect((await login('jane.doe', 'jane-secret-2')).status).toBe(200);
    });

    it('refuses (409) to take the admin role from the last admin', async () => {
      const response = await system.api.as('admin', 'PUT', '/users/user-admin', { roles: ['role-editor'] });
      expect(response.status).toBe(409);
      expect(response.body.details).toEqual([expect.objectContaining({ rule: 'last-admin', field: 'roles' })]);
      expect((await system.api.as('admin', 'GET', '/users/user-admin')).body.roles).toEqual(['role-admin']);
    });
  });

  describe('DELETE /users/:id', () => {
    it('deletes a user (204): gone from reads, can no longer sign in', async () => {
      const response = await system.api.as('admin', 'DELETE', `/users/${janeId}`);
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      expect((await system.api.as('admin', 'GET', `/users/${janeId}`)).status).toBe(404);
      expect((await login('jane.doe', 'jane-secret-2')).status).toBe(401);
      expect((await system.api.as('admin', 'DELETE', `/users/${janeId}`)).status).toBe(404);
    });

    it('keeps at least one admin: the last admin cannot be deleted (409), another one can', async () => {
      const refused = await system.api.as('admin', 'DELETE', '/users/user-admin');
      expect(refused.status).toBe(409);
      expect(refused.body.details).toEqual([expect.objectContaining({ rule: 'last-admin' })]);
      const second = await system.api.as('admin', 'POST', '/users', { username: 'admin2', displayName: 'Second Admin', password: 'admin2-secret', roles: ['role-admin'] });
      expect(second.status).toBe(201);
      expect((await system.api.as('admin', 'DELETE', `/users/${second.body.id}`)).status).toBe(204);
      expect((await system.api.as('admin', 'GET', '/users/user-admin')).status).toBe(200);
    });
  });

  describe('permissions', () => {
    it.each(['editor', 'viewer', 'reviewer', 'agent'])('refuses every users endpoint to %s (403), changing nothing', async (role) => {
      const before = await system.api.as('admin', 'GET', '/users/user-viewer');
      const attempts = [
        await system.api.as(role, 'GET', '/users'),
        await system.api.as(role, 'GET', '/users/user-viewer'),
        await system.api.as(role, 'POST', '/users', { ...jane(), username: `by-${role}` }),
        await system.api.as(role, 'PUT', '/users/user-viewer', { roles: ['role-admin'] }),
        await system.api.as(role, 'DELETE', '/users/user-viewer'),
      ];
      for (const attempt of attempts) {
        expect(attempt.status).toBe(403);
        expect(attempt.body).toMatchObject({ code: 'forbidden', details: { permission: 'users:manage' } });
      }
      expect((await system.api.as('admin', 'GET', '/users/user-viewer')).body).toEqual(before.body);
      expect(await usernames()).not.toContain(`by-${role}`);
    });

    it('answers 401 without a token', async () => {
      for (const [method, path, body] of [
        ['GET', '/users', undefined],
        ['GET', '/users/user-admin', undefined],
        ['POST', '/users', { ...jane(), username: 'anon' }],
        ['PUT', '/users/user-viewer', { displayName: 'Anon' }],
        ['DELETE', '/users/user-viewer', undefined],
      ] as const) {
        const response = await system.api.request(method, path, { body });
        expect([method, path, response.status]).toEqual([method, path, 401]);
      }
      expect((await system.api.as('admin', 'GET', '/users/user-viewer')).status).toBe(200);
    });
  });

  it('documents the users endpoints without a password in the response schema', async () => {
    const document = (await system.api.request('GET', '/docs/openapi.json')).body;
    expect(Object.keys(document.paths['/api/v1/users'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(document.paths['/api/v1/users/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
    expect(Object.keys(document.components.schemas.UserResponseDto.properties)).not.toContain('password');
  });
});
