import { startTestSystem, type TestSystem } from '@sigma/testing';

/** Who may do what with change sets (docs/product-decisions.md roles), 401 without a token, 404 for unknown ids. */
describe('change sets API: roles, authentication, unknown ids (e2e)', () => {
  let system: TestSystem;
  let draftId: string;
  let draftOpId: string;
  let revisionId: string;
  let annotationId: string;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);

  const DEMO = '/change-sets/cs-agent-enrichment';
  const operation = { type: 'update', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Linen' }] };
  const createBody = { title: 'Access test', source: { type: 'agent', id: 'agent-claude', name: 'Claude' }, operations: [operation] };
  const annotation = { attributeAlias: 'short-description', text: 'premium cotton', startOffset: 25, endOffset: 39, sentiment: 'good' };
  const ok = async (user: string, method: string, path: string, payload?: unknown, expected = 200) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ path, status: expected, body: undefined });
    return response.body;
  };
  const messageAs = (user: string) => ({ authorId: `user-${user}`, authorName: user, authorType: user === 'agent' ? 'agent' : 'user', body: 'Hi' });

  /** Every change-set endpoint, with a path and body that would succeed for an allowed role. */
  type Endpoint = [name: string, method: string, path: () => string, body?: (user: string) => unknown];
  const reads: Endpoint[] = [
    ['list', 'GET', () => '/change-sets'],
    ['stats', 'GET', () => '/change-sets/stats'],
    ['get', 'GET', () => DEMO],
    ['messages', 'GET', () => `${DEMO}/messages`],
    ['pending-changes', 'GET', () => '/records/ent-001/pending-changes'],
  ];
  const proposing: Endpoint[] = [
    ['create', 'POST', () => '/change-sets', () => createBody],
    ['add operations', 'PUT', () => `/change-sets/${draftId}`, () => ({ operations: [operation] })],
    ['submit', 'POST', () => `/change-sets/${draftId}/submit`],
    ['resubmit', 'POST', () => `/change-sets/${revisionId}/resubmit`],
  ];
  const reviewing: Endpoint[] = [
    ['approve', 'POST', () => `${DEMO}/approve`, () => ({ reviewNote: 'ok' })],
    ['reject', 'POST', () => `${DEMO}/reject`, () => ({ reviewNote: 'no' })],
    ['approve operation', 'POST', () => `${DEMO}/operations/cop-enrich-1/approve`],
    ['reject operation', 'POST', () => `${DEMO}/operations/cop-enrich-1/reject`],
    ['rate', 'POST', () => `${DEMO}/operations/cop-enrich-1/rate`, () => ({ attributeAlias: 'short-description', rating: 'good' })],
    ['annotate', 'POST', () => `${DEMO}/operations/cop-enrich-1/annotate`, () => annotation],
    ['delete annotation', 'DELETE', () => `${DEMO}/annotations/${annotationId}`],
    ['request revision', 'POST', () => `${DEMO}/request-revision`, (user) => ({ requestedBy: `user-${user}` })],
    ['apply', 'POST', () => `${DEMO}/apply`],
  ];
  const deleting: Endpoint = ['delete', 'DELETE', () => `/change-sets/${draftId}`];
  const messaging: Endpoint = ['post message', 'POST', () => `${DEMO}/messages`, messageAs];
  const everyWrite = [...proposing, deleting, ...reviewing, messaging];

  /** What a refused request could have changed. */
  const state = async () => ({
    list: (await as('admin', 'GET', '/change-sets?limit=500')).body,
    messages: (await as('admin', 'GET', `${DEMO}/messages`)).body,
  });

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-access' });
    const created = await ok('editor', 'POST', '/change-sets', createBody, 201);
    draftId = created.id;
    draftOpId = created.operations[0].id;
    const revision = await ok('editor', 'POST', '/change-sets', createBody, 201);
    revisionId = revision.id;
    await ok('editor', 'POST', `/change-sets/${revisionId}/submit`);
    await ok('reviewer', 'POST', `/change-sets/${revisionId}/request-revision`, { requestedBy: 'user-reviewer' });
    annotationId = (await ok('reviewer', 'POST', `${DEMO}/operations/cop-enrich-1/annotate`, annotation, 201)).id;
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('authentication', () => {
    // rows padded to four entries: jest.each would take a missing fourth argument for a done callback
    const rows = [...reads, ...everyWrite].map(([name, method, path, body]) => [name, method, path, body] as const);
    it.each(rows)('%s without a token is a 401', async (_name, method, path, body) => {
      const response = await system.api.request(method, path(), { body: body?.('admin') });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401 });
    });

    it('a bad token is a 401', async () => {
      expect((await system.api.request('GET', '/change-sets', { token: 'not.a.jwt' })).status).toBe(401);
      expect((await system.api.request('POST', '/change-sets', { token: 'not.a.jwt', body: createBody })).status).toBe(401);
    });
  });

  describe('refusals by role (403, changing nothing)', () => {
    const refusals: [string, Endpoint][] = [
      ...everyWrite.map((endpoint): [string, Endpoint] => ['viewer', endpoint]),
      ...[...reviewing].map((endpoint): [string, Endpoint] => ['agent', endpoint]),
      ...[...proposing, deleting].map((endpoint): [string, Endpoint] => ['reviewer', endpoint]),
    ];

    it.each(refusals)('%s: %j is a 403', async (user, [, method, path, body]) => {
      const before = await state();
      const response = await as(user, method, path(), body?.(user));
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'forbidden' });
      expect(await state()).toEqual(before);
    });

    it('the refused requests left the sets as they were', async () => {
      expect((await ok('viewer', 'GET', DEMO)).status).toBe('pending_approval');
      expect((await ok('viewer', 'GET', `/change-sets/${draftId}`)).operations.map((op: { id: string }) => op.id)).toEqual([draftOpId]);
      expect((await ok('viewer', 'GET', `/change-sets/${revisionId}`)).status).toBe('revision_requested');
      expect((await ok('viewer', 'GET', DEMO)).operations[0].changes[0].annotations).toEqual([expect.objectContaining({ id: annotationId })]);
    });
  });

  describe('reads are open to every role', () => {
    const table = (['admin', 'editor', 'reviewer', 'viewer', 'agent'] as const).flatMap((user) => reads.map((endpoint): [string, Endpoint] => [user, endpoint]));
    it.each(table)('%s: %j is a 200', async (user, [, method, path]) => {
      expect((await as(user, method, path())).status).toBe(200);
    });
  });

  describe('what an agent may do', () => {
    it('creates, fills, submits, messages and resubmits a set', async () => {
      const set = await ok('agent', 'POST', '/change-sets', createBody, 201);
      expect(set.createdBy).toBe('user-agent');
      const filled = await ok('agent', 'PUT', `/change-sets/${set.id}`, { operations: [{ ...operation, entityId: 'ent-002' }] });
      expect(filled.operations).toHaveLength(2);
      expect((await ok('agent', 'POST', `/change-sets/${set.id}/submit`)).status).toBe('pending_approval');
      const posted = await ok('agent', 'POST', `/change-sets/${set.id}/messages`, { ...messageAs('agent'), body: 'Ready for review' }, 201);
      expect(posted).toMatchObject({ authorId: 'user-agent', authorType: 'agent' });
      await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer', message: 'More detail' });
      // The request's message joins the thread under the reviewer's display name, not their id.
      const thread: { body: string }[] = await ok('agent', 'GET', `/change-sets/${set.id}/messages`);
      expect(thread.find((message) => message.body === 'More detail')).toMatchObject({ authorId: 'user-reviewer', authorName: 'Content Reviewer', authorType: 'user' });
      const resubmitted = await ok('agent', 'POST', `/change-sets/${set.id}/resubmit`);
      expect(resubmitted).toMatchObject({ status: 'pending_approval', revisionCount: 1 });
    });
  });

  describe('what a reviewer and an editor may do', () => {
    it('a reviewer reviews, annotates, messages and applies', async () => {
      const set = await ok('editor', 'POST', '/change-sets', { ...createBody, operations: [{ ...operation, entityId: 'ent-003' }] }, 201);
      await ok('editor', 'POST', `/change-sets/${set.id}/submit`);
      const op = set.operations[0].id;
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${op}/rate`, { attributeAlias: 'material', rating: 'good' });
      await ok('reviewer', 'POST', `/change-sets/${set.id}/messages`, messageAs('reviewer'), 201);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${op}/approve`);
      expect(await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`)).toEqual({ applied: 1, skipped: 0, errors: [] });
    });

    it('an editor creates, submits, reviews and applies; an admin reviews and deletes its own draft', async () => {
      const set = await ok('editor', 'POST', '/change-sets', { ...createBody, operations: [{ ...operation, entityId: 'ent-004' }] }, 201);
      await ok('editor', 'POST', `/change-sets/${set.id}/submit`);
      await ok('admin', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/rate`, { attributeAlias: 'material', rating: 'good' });
      await ok('editor', 'POST', `/change-sets/${set.id}/approve`);
      expect(await ok('admin', 'POST', `/change-sets/${set.id}/apply`)).toEqual({ applied: 1, skipped: 0, errors: [] });
      const other = await ok('admin', 'POST', '/change-sets', createBody, 201);
      expect(await ok('admin', 'DELETE', `/change-sets/${other.id}`)).toEqual({ deleted: true });
    });
  });

  describe('ownership: the source side of a set is its creator\'s', () => {
    let agentA: string;
    let agentB: string;
    let agentBId: string;
    let draft: { id: string; operations: { id: string }[] };
    const asToken = (token: string, method: string, path: string, body?: unknown) => system.api.request(method, path, { token, body });

    beforeAll(async () => {
      agentBId = (await ok('admin', 'POST', '/users', { username: 'agent-b', displayName: 'Agent B', password: 'agent-b-demo', roles: ['role-agent'] }, 201)).id;
      agentA = await system.api.token('agent');
      agentB = await system.api.token('agent-b');
      draft = (await asToken(agentA, 'POST', '/change-sets', createBody)).body;
    });

    it.each([
      ['add operations to', 'PUT', '', { operations: [operation] }],
      ['submit', 'POST', '/submit', undefined],
      ['delete', 'DELETE', '', undefined],
    ])("another agent cannot %s an agent's draft (403), which stays as it was", async (_action, method, suffix, body) => {
      const before = await ok('admin', 'GET', `/change-sets/${draft.id}`);
      const response = await asToken(agentB, method, `/change-sets/${draft.id}${suffix}`, body);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('only its creator') });
      expect(await ok('admin', 'GET', `/change-sets/${draft.id}`)).toEqual(before);
    });

    it('neither can an editor or an admin: they propose on their own sets only', async () => {
      const before = await ok('admin', 'GET', `/change-sets/${draft.id}`);
      for (const user of ['editor', 'admin']) {
        expect((await as(user, 'PUT', `/change-sets/${draft.id}`, { operations: [operation] })).status).toBe(403);
        expect((await as(user, 'POST', `/change-sets/${draft.id}/submit`)).status).toBe(403);
        expect((await as(user, 'DELETE', `/change-sets/${draft.id}`)).status).toBe(403);
      }
      expect(await ok('admin', 'GET', `/change-sets/${draft.id}`)).toEqual(before);
    });

    it("another agent cannot resubmit or message on an agent's set; reviewers, editors and admins review any set", async () => {
      const set = (await asToken(agentA, 'POST', '/change-sets', { ...createBody, operations: [{ ...operation, entityId: 'ent-002' }] })).body;
      expect((await asToken(agentA, 'POST', `/change-sets/${set.id}/submit`)).status).toBe(200);
      const message = { authorId: agentBId, authorName: 'Agent B', authorType: 'agent', body: 'mine now' };
      expect((await asToken(agentB, 'POST', `/change-sets/${set.id}/messages`, message)).status).toBe(403);
      await ok('admin', 'POST', `/change-sets/${set.id}/messages`, messageAs('admin'), 201);
      await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer' });
      expect((await asToken(agentB, 'POST', `/change-sets/${set.id}/resubmit`)).status).toBe(403);
      expect((await ok('viewer', 'GET', `/change-sets/${set.id}`)).status).toBe('revision_requested');
      expect((await asToken(agentA, 'POST', `/change-sets/${set.id}/resubmit`)).status).toBe(200);
      await ok('editor', 'POST', `/change-sets/${set.id}/approve`);
    });
  });

  describe('unknown ids', () => {
    const unknownSet = '/change-sets/cs_unknown123';
    const unknown: [string, string, string, unknown][] = [
      ['get', 'GET', unknownSet, undefined],
      ['add operations', 'PUT', unknownSet, { operations: [operation] }],
      ['delete', 'DELETE', unknownSet, undefined],
      ['submit', 'POST', `${unknownSet}/submit`, undefined],
      ['approve', 'POST', `${unknownSet}/approve`, undefined],
      ['reject', 'POST', `${unknownSet}/reject`, undefined],
      ['apply', 'POST', `${unknownSet}/apply`, undefined],
      ['approve operation of an unknown set', 'POST', `${unknownSet}/operations/cop-enrich-1/approve`, undefined],
      ['reject operation of an unknown set', 'POST', `${unknownSet}/operations/cop-enrich-1/reject`, undefined],
      ['rate in an unknown set', 'POST', `${unknownSet}/operations/cop-enrich-1/rate`, { attributeAlias: 'short-description', rating: 'good' }],
      ['annotate in an unknown set', 'POST', `${unknownSet}/operations/cop-enrich-1/annotate`, annotation],
      ['delete annotation of an unknown set', 'DELETE', `${unknownSet}/annotations/snip_unknown12`, undefined],
      ['messages of an unknown set', 'GET', `${unknownSet}/messages`, undefined],
      ['post message to an unknown set', 'POST', `${unknownSet}/messages`, messageAs('admin')],
      ['request revision of an unknown set', 'POST', `${unknownSet}/request-revision`, { requestedBy: 'user-admin' }],
      ['resubmit an unknown set', 'POST', `${unknownSet}/resubmit`, undefined],
      ['approve an unknown operation', 'POST', `${DEMO}/operations/cop-unknown/approve`, undefined],
      ['reject an unknown operation', 'POST', `${DEMO}/operations/cop-unknown/reject`, undefined],
      ['rate an unknown operation', 'POST', `${DEMO}/operations/cop-unknown/rate`, { attributeAlias: 'short-description', rating: 'good' }],
      ['annotate an unknown operation', 'POST', `${DEMO}/operations/cop-unknown/annotate`, annotation],
      ['delete an unknown annotation', 'DELETE', `${DEMO}/annotations/snip_unknown12`, undefined],
    ];

    it.each(unknown)('%s is a 404', async (_name, method, path, body) => {
      const response = await as('admin', method, path, body);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'not-found' });
    });
  });
});
