import type { OperationInput, RecordDto, SchemaDto } from '@sigma/contracts';
import { change, createChangeSet, createRecord, createSchema, operation, startTestSystem, submittedChangeSet, type TestSystem } from '@sigma/testing';

/**
 * Reviewer feedback: ratings, snippet annotations, and the message thread (scoped changes:
 * change-sets-feedback-scopes). The demo set is used where the seed examples are tested;
 * everything else runs on a schema and records of its own.
 */
describe('change sets API: ratings, annotations, messages (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  let record: RecordDto;
  let otherRecord: RecordDto;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);

  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const DEMO = '/change-sets/cs-agent-enrichment';
  const PROPOSED = 'Timeless Oxford weave in premium cotton...';
  const update = (attributeAlias: string, newValue: unknown, extra: Parameters<typeof change>[2] = {}, entityId = record.id) =>
    operation.update(entityId, schema.id, change(attributeAlias, newValue, extra));
  const draft = (operations: OperationInput[] = [update('material', 'Nylon')]) => createChangeSet(system.api, { operations });
  const ok = async (user: string, method: string, path: string, payload?: unknown, expected = 200) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ path, status: expected, body: undefined });
    return response.body;
  };
  const pending = (operations: OperationInput[] = [update('material', 'Nylon')]) => submittedChangeSet(system.api, { operations });
  const annotate = (user: string, path: string, body: Record<string, unknown>) =>
    as(user, 'POST', `${path}/operations/cop-enrich-1/annotate`, { attributeAlias: 'short-description', sentiment: 'good', ...body });
  const message = (user: string, setId: string, body: Record<string, unknown> = {}) =>
    as(user, 'POST', `/change-sets/${setId}/messages`, { authorId: `user-${user}`, authorName: user, authorType: user === 'agent' ? 'agent' : 'user', body: 'Hello', ...body });

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-feedback' });
    schema = await createSchema(system.api);
    record = await createRecord(system.api, { schemaId: schema.id });
    otherRecord = await createRecord(system.api, { schemaId: schema.id });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  describe('POST …/operations/:opId/rate', () => {
    it('stores the rating on the proposed change, and a later rating replaces it', async () => {
      const rated = await ok('reviewer', 'POST', `${DEMO}/operations/cop-enrich-1/rate`, { attributeAlias: 'short-description', rating: 'good' });
      expect(rated.operations[0].changes[0]).toMatchObject({ attributeAlias: 'short-description', rating: 'good' });
      expect(rated.operations[1].changes[0]).not.toHaveProperty('rating');
      const changed = await ok('editor', 'POST', `${DEMO}/operations/cop-enrich-2/rate`, { attributeAlias: 'price', rating: 'bad' });
      expect(changed.operations[1].changes[0].rating).toBe('bad');
      await ok('reviewer', 'POST', `${DEMO}/operations/cop-enrich-2/rate`, { attributeAlias: 'price', rating: 'good' });
      const read = await ok('viewer', 'GET', DEMO);
      expect(read.operations.map((operation: { changes: { rating?: string }[] }) => operation.changes[0].rating)).toEqual(['good', 'good', undefined]);
      expect(read.status).toBe('pending_approval');
    });

    it('refuses an attribute the operation does not change (400 naming attributeAlias)', async () => {
      const response = await as('reviewer', 'POST', `${DEMO}/operations/cop-enrich-1/rate`, { attributeAlias: 'price', rating: 'good' });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'attributeAlias', attributeAlias: 'price' })]);
    });

    it.each([
      [{ attributeAlias: 'short-description', rating: 'meh' }, 'rating'],
      [{ rating: 'good' }, 'attributeAlias'],
      [{ attributeAlias: 'short-description', rating: 'good', weight: 2 }, 'weight'],
    ])('refuses a bad body %j (400 naming %s)', async (body, field) => {
      const response = await as('reviewer', 'POST', `${DEMO}/operations/cop-enrich-3/rate`, body);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect((await ok('viewer', 'GET', DEMO)).operations[2].changes[0]).not.toHaveProperty('rating');
    });

    it('an unknown operation is a 404; a draft cannot be rated (409)', async () => {
      expect((await as('reviewer', 'POST', `${DEMO}/operations/cop-unknown/rate`, { attributeAlias: 'price', rating: 'good' })).status).toBe(404);
      const set = await draft();
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/rate`, { attributeAlias: 'material', rating: 'good' });
      expect(response.status).toBe(409);
      expect(response.body.message).toContain('draft');
    });
  });

  describe('POST …/operations/:opId/annotate and DELETE …/annotations/:annotationId', () => {
    it('stores a snippet with exact offsets as given (201, id snip_…), shown on the proposed change', async () => {
      const response = await annotate('reviewer', DEMO, { text: 'Oxford weave', startOffset: 9, endOffset: 21, note: 'Nice' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^snip_[0-9A-Za-z]{8,}$/),
        operationId: 'cop-enrich-1',
        attributeAlias: 'short-description',
        scope: {},
        text: 'Oxford weave',
        startOffset: 9,
        endOffset: 21,
        sentiment: 'good',
        note: 'Nice',
        createdBy: 'user-reviewer',
        createdAt: expect.stringMatching(ISO),
      });
      const set = await ok('viewer', 'GET', DEMO);
      expect(set.operations[0].changes[0].annotations).toEqual([response.body]);
    });

    it('re-anchors offsets that do not point at the text (the seed example 28..42 → 25..39)', async () => {
      const response = await annotate('editor', DEMO, { text: 'premium cotton', startOffset: 28, endOffset: 42, sentiment: 'bad' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ text: 'premium cotton', startOffset: 25, endOffset: 39, sentiment: 'bad', createdBy: 'user-editor' });
      expect(PROPOSED.slice(response.body.startOffset, response.body.endOffset)).toBe('premium cotton');
      expect(response.body).not.toHaveProperty('note');
    });

    it.each([
      ['a text that is not in the proposed value', { text: 'organic linen', startOffset: 0, endOffset: 13 }, 'text'],
      ['an endOffset beyond the proposed text', { text: 'cotton', startOffset: 33, endOffset: 60 }, 'endOffset'],
      ['an endOffset before startOffset', { text: 'cotton', startOffset: 39, endOffset: 33 }, 'endOffset'],
      ['a negative startOffset', { text: 'cotton', startOffset: -1, endOffset: 5 }, 'startOffset'],
      ['a fractional offset', { text: 'cotton', startOffset: 33.5, endOffset: 39 }, 'startOffset'],
      ['an empty text', { text: '', startOffset: 0, endOffset: 1 }, 'text'],
      ['a missing sentiment', { text: 'cotton', startOffset: 33, endOffset: 39, sentiment: undefined }, 'sentiment'],
      ['an unknown sentiment', { text: 'cotton', startOffset: 33, endOffset: 39, sentiment: 'meh' }, 'sentiment'],
      ['an attribute the operation does not change', { attributeAlias: 'material', text: 'cotton', startOffset: 33, endOffset: 39 }, 'attributeAlias'],
    ])('refuses %s (400 naming the field), storing nothing', async (_label, body, field) => {
      const before = (await ok('viewer', 'GET', DEMO)).operations[0].changes[0].annotations?.length ?? 0;
      const response = await annotate('reviewer', DEMO, body);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect((await ok('viewer', 'GET', DEMO)).operations[0].changes[0].annotations?.length ?? 0).toBe(before);
    });

    it('refuses to annotate a value that is not text (400)', async () => {
      const response = await as('reviewer', 'POST', `${DEMO}/operations/cop-enrich-2/annotate`, {
        attributeAlias: 'price', text: '149', startOffset: 0, endOffset: 3, sentiment: 'bad',
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'attributeAlias', rule: 'text-value' })]);
    });

    it('an unknown operation is a 404; a draft cannot be annotated (409)', async () => {
      expect((await as('reviewer', 'POST', `${DEMO}/operations/cop-unknown/annotate`, { attributeAlias: 'short-description', text: 'cotton', startOffset: 33, endOffset: 39, sentiment: 'good' })).status).toBe(404);
      const set = await draft([update('description', 'Waterproof shell')]);
      const response = await as('reviewer', 'POST', `/change-sets/${set.id}/operations/${set.operations[0].id}/annotate`, {
        attributeAlias: 'description', text: 'shell', startOffset: 11, endOffset: 16, sentiment: 'good',
      });
      expect(response.status).toBe(409);
      expect(response.body.message).toContain('draft');
    });

    it('DELETE removes an annotation ({ deleted: true }); then, or for an unknown id, 404', async () => {
      const created = await annotate('reviewer', DEMO, { text: 'weave', startOffset: 16, endOffset: 21 });
      expect(created.status).toBe(201);
      const count = async () => (await ok('viewer', 'GET', DEMO)).operations[0].changes[0].annotations?.length ?? 0;
      const before = await count();
      expect(await ok('reviewer', 'DELETE', `${DEMO}/annotations/${created.body.id}`)).toEqual({ deleted: true });
      expect(await count()).toBe(before - 1);
      const ids = (await ok('viewer', 'GET', DEMO)).operations[0].changes[0].annotations.map((annotation: { id: string }) => annotation.id);
      expect(ids).not.toContain(created.body.id);
      expect((await as('reviewer', 'DELETE', `${DEMO}/annotations/${created.body.id}`)).status).toBe(404);
      const unknown = await as('reviewer', 'DELETE', `${DEMO}/annotations/snip_unknown1`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('not-found');
      expect((await as('reviewer', 'DELETE', `/change-sets/cs_unknown123/annotations/${ids[0]}`)).status).toBe(404);
    });

    it('an annotation can only be deleted through its own change set (404 through another)', async () => {
      const other = await pending();
      const created = await annotate('reviewer', DEMO, { text: 'Timeless', startOffset: 0, endOffset: 8 });
      expect((await as('reviewer', 'DELETE', `/change-sets/${other.id}/annotations/${created.body.id}`)).status).toBe(404);
      const ids = (await ok('viewer', 'GET', DEMO)).operations[0].changes[0].annotations.map((annotation: { id: string }) => annotation.id);
      expect(ids).toContain(created.body.id);
    });
  });

  describe('GET / POST /change-sets/:id/messages', () => {
    it('returns the demo thread in the seed shape', async () => {
      expect(await ok('viewer', 'GET', `${DEMO}/messages`)).toEqual([
        {
          id: 'fmsg_r2d2',
          changeSetId: 'cs-agent-enrichment',
          authorId: 'user-admin',
          authorName: 'Product Manager',
          authorType: 'user',
          timestamp: '2025-03-01T11:30:00.000Z',
          body: 'The descriptions look great but could use more SEO keywords.',
        },
      ]);
    });

    it('posts messages (201, id fmsg_…) and lists them chronologically, humans and agents alike', async () => {
      const first = await ok('admin', 'POST', `${DEMO}/messages`, {
        authorId: 'user-admin',
        authorName: 'Product Manager',
        authorType: 'user',
        body: 'Please add SEO keywords for summer 2025 collection.',
      }, 201);
      expect(first).toEqual({
        id: expect.stringMatching(/^fmsg_[0-9A-Za-z]{8,}$/),
        changeSetId: 'cs-agent-enrichment',
        authorId: 'user-admin',
        authorName: 'Product Manager',
        authorType: 'user',
        timestamp: expect.stringMatching(ISO),
        body: 'Please add SEO keywords for summer 2025 collection.',
      });
      const second = await ok('agent', 'POST', `${DEMO}/messages`, {
        authorId: 'user-agent', authorName: 'Claude', authorType: 'agent', body: 'Added keywords to cop-enrich-1.', operationId: 'cop-enrich-1',
      }, 201);
      expect(second).toMatchObject({ authorType: 'agent', operationId: 'cop-enrich-1' });
      const third = await ok('reviewer', 'POST', `${DEMO}/messages`, { authorId: 'user-reviewer', authorName: 'Reviewer', authorType: 'user', body: 'Thanks' }, 201);
      const thread = await ok('viewer', 'GET', `${DEMO}/messages`);
      expect(thread.map((entry: { id: string }) => entry.id)).toEqual(['fmsg_r2d2', first.id, second.id, third.id]);
      const timestamps = thread.map((entry: { timestamp: string }) => entry.timestamp);
      expect([...timestamps].sort()).toEqual(timestamps);
      expect(thread[2]).toEqual(second);
    });

    it('is refused on a draft (409), allowed in every other status', async () => {
      const inDraft = await draft();
      const refused = await message('editor', inDraft.id);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('draft');
      expect(await ok('viewer', 'GET', `/change-sets/${inDraft.id}/messages`)).toEqual([]);

      const seen: string[] = [];
      const say = async (setId: string) => {
        const set = await ok('viewer', 'GET', `/change-sets/${setId}`);
        seen.push(set.status);
        await ok('editor', 'POST', `/change-sets/${setId}/messages`, { authorId: 'user-editor', authorName: 'Editor', authorType: 'user', body: `In ${set.status}` }, 201);
      };
      const approved = await pending();
      await say(approved.id);
      await ok('reviewer', 'POST', `/change-sets/${approved.id}/approve`);
      await say(approved.id);
      await ok('reviewer', 'POST', `/change-sets/${approved.id}/apply`);
      await say(approved.id);
      const rejected = await pending();
      await ok('reviewer', 'POST', `/change-sets/${rejected.id}/reject`);
      await say(rejected.id);
      const revised = await pending();
      await ok('reviewer', 'POST', `/change-sets/${revised.id}/request-revision`, { requestedBy: 'user-reviewer' });
      await say(revised.id);
      const partial = await pending([update('material', 'Nylon'), update('material', 'Linen', { oldValue: 'Not the current value' }, otherRecord.id)]);
      await ok('reviewer', 'POST', `/change-sets/${partial.id}/approve`, { allowStale: true });
      await ok('reviewer', 'POST', `/change-sets/${partial.id}/apply`);
      await say(partial.id);
      expect(seen).toEqual(['pending_approval', 'approved', 'applied', 'rejected', 'revision_requested', 'partially_applied']);
      expect((await ok('viewer', 'GET', `/change-sets/${approved.id}/messages`)).map((entry: { body: string }) => entry.body)).toEqual([
        'In pending_approval',
        'In approved',
        'In applied',
      ]);
    });

    it('an operationId that is not an operation of the set is a 404', async () => {
      const other = await pending();
      const before = (await ok('viewer', 'GET', `${DEMO}/messages`)).length;
      expect((await message('reviewer', 'cs-agent-enrichment', { operationId: 'cop-unknown' })).status).toBe(404);
      expect((await message('reviewer', 'cs-agent-enrichment', { operationId: other.operations[0].id })).status).toBe(404);
      expect((await ok('viewer', 'GET', `${DEMO}/messages`)).length).toBe(before);
    });

    it('authorId must be the caller (403) and authorType must match the role (agent ⇔ agent role, else 400)', async () => {
      const before = (await ok('viewer', 'GET', `${DEMO}/messages`)).length;
      const impersonating = await message('reviewer', 'cs-agent-enrichment', { authorId: 'user-admin' });
      expect(impersonating.status).toBe(403);
      expect(impersonating.body.message).toContain('authorId');
      const agentAsUser = await message('agent', 'cs-agent-enrichment', { authorType: 'user' });
      expect(agentAsUser.status).toBe(400);
      expect(agentAsUser.body.details).toEqual([expect.objectContaining({ field: 'authorType' })]);
      const userAsAgent = await message('reviewer', 'cs-agent-enrichment', { authorType: 'agent' });
      expect(userAsAgent.status).toBe(400);
      expect(userAsAgent.body.details).toEqual([expect.objectContaining({ field: 'authorType' })]);
      expect((await ok('viewer', 'GET', `${DEMO}/messages`)).length).toBe(before);
    });

    it.each([
      [{ body: undefined }, 'body'],
      [{ body: '' }, 'body'],
      [{ authorType: 'bot' }, 'authorType'],
      [{ authorName: undefined }, 'authorName'],
      [{ mood: 'happy' }, 'mood'],
    ])('refuses a bad message %j (400 naming %s)', async (override, field) => {
      const response = await message('reviewer', 'cs-agent-enrichment', override);
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('an unknown change set is a 404 for reading and posting', async () => {
      expect((await as('viewer', 'GET', '/change-sets/cs_unknown123/messages')).status).toBe(404);
      expect((await message('reviewer', 'cs_unknown123')).status).toBe(404);
    });
  });
});
