import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * The role matrix: every operation of the OpenAPI document, called as every demo role and with no
 * token, against docs/product-decisions.md's role table. Allowed = anything but 401/403. Ids are unknown and bodies
 * empty, so allowed calls end in 400/404 and nothing changes (guards run before validation).
 */
jest.setTimeout(120000);

type Caller = 'admin' | 'editor' | 'reviewer' | 'viewer' | 'agent' | 'anonymous';
const CALLERS: Caller[] = ['admin', 'editor', 'reviewer', 'viewer', 'agent', 'anonymous'];

/** docs/product-decisions.md "Roles", as groups of operations. */
const ALLOWED = {
  public: CALLERS,
  read: ['admin', 'editor', 'reviewer', 'viewer', 'agent'],
  adminOnly: ['admin'],
  recordWrite: ['admin', 'editor'],
  propose: ['admin', 'editor', 'agent'],
  review: ['admin', 'editor', 'reviewer'],
  message: ['admin', 'editor', 'reviewer', 'agent'],
} satisfies Record<string, Caller[]>;
type Group = keyof typeof ALLOWED;

const MATRIX: Record<string, Group> = {
  'POST /auth/token': 'public',
  'POST /auth/refresh': 'public',
  'POST /auth/logout': 'public',
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'public',
  'GET /records': 'read',
  'POST /records': 'recordWrite',
  'POST /records/bulk': 'recordWrite',
  'GET /events': 'read',
  'GET /records/export': 'read',
  'GET /records/{id}': 'read',
  'PUT /records/{id}': 'recordWrite',
  'DELETE /records/{id}': 'recordWrite',
  'PATCH /records/{id}/values/{attr}': 'recordWrite',
  'GET /records/{id}/completeness': 'read',
  'GET /records/{id}/transitions': 'read',
  'POST /records/{id}/transition': 'read',
  'GET /records/{id}/audit': 'read',
  'GET /records/{id}/variants': 'read',
  'GET /records/{id}/categories': 'read',
  'PUT /records/{id}/categories': 'recordWrite',
  'POST /records/{id}/categories': 'recordWrite',
  'DELETE /records/{id}/categories/{categoryId}': 'recordWrite',
  'GET /records/{id}/pending-changes': 'read',
  'GET /catalogs': 'read',
  'POST /catalogs': 'recordWrite',
  'GET /catalogs/{id}': 'read',
  'PUT /catalogs/{id}': 'recordWrite',
  'DELETE /catalogs/{id}': 'recordWrite',
  'GET /catalogs/{id}/categories': 'read',
  'POST /catalogs/{id}/categories': 'recordWrite',
  'GET /categories/{id}': 'read',
  'PUT /categories/{id}': 'recordWrite',
  'DELETE /categories/{id}': 'recordWrite',
  'GET /dimensions': 'read',
  'POST /dimensions': 'adminOnly',
  'GET /dimensions/{id}': 'read',
  'PUT /dimensions/{id}': 'adminOnly',
  'GET /schemas': 'read',
  'POST /schemas': 'adminOnly',
  'GET /schemas/{id}': 'read',
  'PUT /schemas/{id}': 'adminOnly',
  'GET /schemas/{schemaId}/completeness': 'read',
  'GET /workflows': 'read',
  'POST /workflows': 'adminOnly',
  'GET /workflows/{id}': 'read',
  'PUT /workflows/{id}': 'adminOnly',
  'GET /users': 'adminOnly',
  'POST /users': 'adminOnly',
  'GET /users/{id}': 'adminOnly',
  'PUT /users/{id}': 'adminOnly',
  'DELETE /users/{id}': 'adminOnly',
  'POST /api-keys': 'adminOnly',
  'GET /api-keys': 'adminOnly',
  'DELETE /api-keys/{id}': 'adminOnly',
  'POST /webhooks': 'adminOnly',
  'GET /webhooks': 'adminOnly',
  'GET /webhooks/{id}': 'adminOnly',
  'PATCH /webhooks/{id}': 'adminOnly',
  'DELETE /webhooks/{id}': 'adminOnly',
  'GET /webhooks/{id}/deliveries': 'adminOnly',
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': 'adminOnly',
  'GET /me': 'read',
  'GET /change-sets': 'read',
  'POST /change-sets': 'propose',
  'GET /change-sets/stats': 'read',
  'GET /change-sets/insights': 'read',
  'GET /change-sets/{id}': 'read',
  'GET /change-sets/{id}/operations': 'read',
  'PUT /change-sets/{id}': 'propose',
  'DELETE /change-sets/{id}': 'propose',
  'POST /change-sets/{id}/submit': 'propose',
  'POST /change-sets/{id}/resubmit': 'propose',
  'POST /change-sets/{id}/operations': 'propose',
  'PATCH /change-sets/{id}/operations/{opId}': 'propose',
  'DELETE /change-sets/{id}/operations/{opId}': 'propose',
  'GET /change-sets/{id}/revisions': 'read',
  'GET /change-sets/{id}/audit': 'read',
  'GET /change-sets/{id}/revisions/{n}/diff': 'read',
  'GET /change-sets/{id}/completeness-preview': 'read',
  'POST /change-sets/{id}/approve': 'review',
  'POST /change-sets/{id}/reject': 'review',
  'POST /change-sets/{id}/operations/{opId}/approve': 'review',
  'POST /change-sets/{id}/operations/{opId}/reject': 'review',
  'POST /change-sets/{id}/operations/{opId}/changes/decide': 'review',
  'POST /change-sets/{id}/operations/decide': 'review',
  'POST /change-sets/{id}/operations/{opId}/rate': 'review',
  'POST /change-sets/{id}/operations/{opId}/annotate': 'review',
  'DELETE /change-sets/{id}/annotations/{annotationId}': 'review',
  'POST /change-sets/{id}/request-revision': 'review',
  'POST /change-sets/{id}/apply': 'review',
  'POST /change-sets/{id}/revert': 'propose',
  'GET /change-sets/{id}/messages': 'read',
  'POST /change-sets/{id}/messages': 'message',
  'POST /imports': 'propose',
  'GET /imports/{id}': 'read',
  'PUT /imports/{id}/file': 'propose',
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('role matrix (e2e)', () => {
  let system: TestSystem;
  let operations: string[] = [];
  const tokens = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    system = await startTestSystem({ label: 'role-matrix' });
    const doc = await system.api.request('GET', '/docs/openapi.json');
    operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const caller of CALLERS) tokens.set(caller, caller === 'anonymous' ? undefined : await system.api.token(caller));
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('has a row for every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((operation) => !(operation in MATRIX))).toEqual([]);
  });

  it('allows exactly the roles of docs/product-decisions.md on every operation, and 401 without a token on every non-public one', async () => {
    const cells: { operation: string; caller: Caller; expected: string; status: number }[] = [];
    for (const operation of operations) {
      const [method, template] = operation.split(' ');
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => `matrix-unknown-${name}`);
      const allowed: readonly Caller[] = ALLOWED[MATRIX[operation]];
      for (const caller of CALLERS) {
        const response = await system.api.request(method, path, {
          token: tokens.get(caller),
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
        });
        const expected = allowed.includes(caller) ? 'allowed' : caller === 'anonymous' ? '401' : '403';
        cells.push({ operation, caller, expected, status: response.status });
      }
    }
    const verdict = (status: number) => (status === 401 ? '401' : status === 403 ? '403' : 'allowed');
    const wrong = cells.filter((cell) => verdict(cell.status) !== cell.expected);
    expect(wrong).toEqual([]);
    expect(cells.filter((cell) => cell.status >= 500)).toEqual([]);
    expect(cells.length).toBe(operations.length * CALLERS.length);
  });

  it('changed nothing: the demo records and users are as seeded', async () => {
    const records = await system.api.as('admin', 'GET', '/records?limit=500');
    expect(records.body.items.every((record: { version: number }) => record.version === 1)).toBe(true);
    const users = await system.api.as('admin', 'GET', '/users');
    expect(users.body.map((user: { username: string }) => user.username).sort()).toEqual(['admin', 'agent', 'editor', 'reviewer', 'viewer']);
  });

  describe('identity comes from the token, never from the body', () => {
    const operation = { type: 'update', entityId: 'ent-002', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Merino' }] };

    it("refuses an agent's change set that claims a person as its source (400 matches-token); createdBy is the token's user", async () => {
      const claimsUser = await system.api.as('agent', 'POST', '/change-sets', { title: 'x', source: { type: 'user', id: 'user-admin', name: 'Admin' }, operations: [] });
      expect(claimsUser.status).toBe(400);
      expect(claimsUser.body.details).toEqual([expect.objectContaining({ field: 'source.type', rule: 'matches-token' })]);
      const honest = await system.api.as('agent', 'POST', '/change-sets', {
        title: 'Enrichment',
        source: { type: 'agent', id: 'user-admin', name: 'Claude' },
        operations: [operation],
      });
      expect(honest.status).toBe(201);
      expect(honest.body.createdBy).toBe('user-agent');
      const pipeline = await system.api.as('agent', 'POST', '/change-sets', { title: 'ERP sync', source: { type: 'integration', name: 'ERP' }, operations: [] });
      expect(pipeline.status).toBe(201);
      const byEditor = await system.api.as('editor', 'POST', '/change-sets', { title: 'Import', source: { type: 'import', name: 'CSV' }, operations: [] });
      expect(byEditor.status).toBe(201);
      expect(byEditor.body.createdBy).toBe('user-editor');
    });

    it("refuses a message whose authorId is not the token's user (403) or whose authorType does not match the role (400)", async () => {
      const set = await system.api.as('agent', 'POST', '/change-sets', { title: 'Talk', source: { type: 'agent', name: 'Claude' }, operations: [operation] });
      expect((await system.api.as('agent', 'POST', `/change-sets/${set.body.id}/submit`)).status).toBe(200);
      const message = (authorId: string, authorType: string) => ({ authorId, authorName: 'Claude', authorType, body: 'Hello' });
      const impersonating = await system.api.as('agent', 'POST', `/change-sets/${set.body.id}/messages`, message('user-admin', 'agent'));
      expect(impersonating.status).toBe(403);
      const posingAsUser = await system.api.as('agent', 'POST', `/change-sets/${set.body.id}/messages`, message('user-agent', 'user'));
      expect(posingAsUser.status).toBe(400);
      const own = await system.api.as('agent', 'POST', `/change-sets/${set.body.id}/messages`, message('user-agent', 'agent'));
      expect(own.status).toBe(201);
    });
  });
});
