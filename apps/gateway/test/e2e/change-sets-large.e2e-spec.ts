import type { AuditEntryDto, ChangeSetDto, OperationDto, RecordDto, SchemaDto, Scope } from '@sigma/contracts';
import { attribute, change, createChangeSet, createDimension, createRecord, createSchema, operation, startTestSystem, type TestSystem, uniqueSuffix } from '@sigma/testing';

type AnswerLine = { line: number; status: 'added' | 'failed'; operationId?: string; error?: { code: string; details?: { field: string; rule: string }[] } };

/**
 * Large sets: operations appended as NDJSON in chunks with an answer line per input line, pages
 * filtered by status, type, record, attribute, segment, stale and invalid, decisions by filter
 * answering counts, review calls answering a summary past 200 operations, and a set of 100,000
 * operations (the cap) built, paged to the end and decided.
 */
describe('change sets API: large sets and bulk decisions (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  let en: Scope;
  let de: Scope;
  let shirts: RecordDto[];
  const tag = `LG${uniqueSuffix()}`.toUpperCase();
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ndjson = async (setId: string, lines: string[], user = 'editor') => {
    const response = await system.api.request('POST', `/change-sets/${setId}/operations`, {
      token: await system.api.token(user),
      headers: { 'content-type': 'application/x-ndjson' },
      rawBody: lines.join('\n'),
    });
    const answers = typeof response.body === 'string' ? response.body.trim().split('\n').map((text) => JSON.parse(text) as AnswerLine) : [response.body as AnswerLine];
    return { status: response.status, answers, body: response.body };
  };
  /** Every operation of a filtered listing, following the cursors; also how many pages it took. */
  const allPages = async (setId: string, query: string) => {
    const items: OperationDto[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await as('reviewer', 'GET', `/change-sets/${setId}/operations?limit=500${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
      expect({ query, status: response.status }).toEqual({ query, status: 200 });
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { items, pages };
  };
  const create = (sku: string, ...changes: ReturnType<typeof change>[]) => JSON.stringify(operation.create(schema.id, change('sku', sku), ...changes));

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-large' });
    const language = await createDimension(system.api, { segments: ['seg-en', 'seg-de'] });
    [en, de] = [{ [language.id]: 'seg-en' }, { [language.id]: 'seg-de' }];
    schema = await createSchema(system.api, {
      attributes: [
        attribute('sku', { rules: { unique: true } }),
        attribute('material'),
        attribute('short-description'),
        attribute('price', { dataType: 'number' }),
        attribute('product-name', { dimensionIds: [language.id] }),
      ],
    });
    shirts = await Promise.all(
      [1, 2].map((n) => createRecord(system.api, { schemaId: schema.id, values: { sku: [{ scope: {}, value: `${tag}-SHIRT-${n}` }], 'product-name': [{ scope: en, value: `Shirt ${n}` }] } })),
    );
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  it('builds a 3,000-operation set from NDJSON chunks, pages it by filter and decides it by filter with counts', async () => {
    const set = await createChangeSet(system.api, { title: `Large ${tag}` });

    // Chunk 1: 1,000 creates proposing a material, plus a line that is no JSON, a line with a bad type and a blank line.
    const first = [...Array.from({ length: 1000 }, (_, i) => create(`${tag}-A-${i}`, change('material', 'Cotton')))];
    first.splice(10, 0, '{"type": "create", "schemaId": ');
    first.splice(20, 0, JSON.stringify({ type: 'move', schemaId: schema.id, changes: [] }));
    first.splice(30, 0, '   ');
    const one = await ndjson(set.id, first);
    expect(one.status).toBe(200);
    expect(one.answers).toHaveLength(1002);
    expect(one.answers.filter((answer) => answer.status === 'added')).toHaveLength(1000);
    expect(one.answers[10]).toMatchObject({ line: 11, status: 'failed', error: { code: 'validation-failed', details: [{ field: 'line', rule: 'json' }] } });
    expect(one.answers[20]).toMatchObject({ line: 21, status: 'failed', error: { details: [expect.objectContaining({ field: 'type' })] } });
    // The blank line 31 has no answer; line 32 is the next one, added.
    expect(one.answers[30]).toMatchObject({ line: 32, status: 'added', operationId: expect.any(String) });

    // Chunk 2: 1,000 creates naming the product in German (even) or English (odd).
    const two = await ndjson(
      set.id,
      Array.from({ length: 1000 }, (_, i) => create(`${tag}-B-${i}`, change('product-name', `Name ${i}`, { scope: i % 2 === 0 ? de : en }))),
    );
    expect(two.answers.map((answer) => answer.status)).toEqual(Array(1000).fill('added'));

    // Chunk 3: 998 creates and 2 updates of the shirts' English name.
    const updates = shirts.map((shirt, n) => JSON.stringify(operation.update(shirt.id, schema.id, change('product-name', `Better shirt ${n + 1}`, { scope: en, oldValue: `Shirt ${n + 1}` }))));
    const three = await ndjson(set.id, [...Array.from({ length: 998 }, (_, i) => create(`${tag}-C-${i}`, change('short-description', 'Plain.'))), ...updates]);
    expect(three.answers.filter((answer) => answer.status === 'added')).toHaveLength(1000);
    const [freshUpdate, staleUpdate] = three.answers.slice(-2).map((answer) => answer.operationId);

    // The second shirt's name changes after the proposal: its update is stale.
    expect((await as('editor', 'PUT', `/records/${shirts[1].id}`, { values: { 'product-name': [{ scope: en, value: 'Shirt two' }] } })).status).toBe(200);

    const everything = await allPages(set.id, '');
    expect(everything.items).toHaveLength(3000);
    expect(everything.pages).toBe(6);
    expect((await allPages(set.id, 'type=update')).items.map((item) => item.id)).toEqual([freshUpdate, staleUpdate]);
    expect((await allPages(set.id, `entityId=${shirts[0].id}`)).items.map((item) => item.id)).toEqual([freshUpdate]);
    expect((await allPages(set.id, 'attributeAlias=material')).items).toHaveLength(1000);
    const german = (await allPages(set.id, 'segment=seg-de')).items;
    expect(german).toHaveLength(500);
    expect(german.every((item) => item.changes.some((proposed) => proposed.scope?.[Object.keys(de)[0]] === 'seg-de'))).toBe(true);
    // stale is compared with the records, at most 1,000 operations examined per page: pages may be empty but carry a cursor.
    const stale = await allPages(set.id, 'stale=true');
    expect(stale.items.map((item) => [item.id, item.changes[0].stale, item.changes[0].currentValue])).toEqual([[staleUpdate, true, 'Shirt two']]);
    expect(stale.pages).toBeGreaterThanOrEqual(3);
    expect((await allPages(set.id, 'type=update&stale=false')).items.map((item) => item.id)).toEqual([freshUpdate]);
    expect((await as('reviewer', 'GET', `/change-sets/${set.id}/operations?status=waiting`)).body.details).toEqual([expect.objectContaining({ field: 'status' })]);

    // Past 200 operations, a review call answers the summary instead of the operations.
    const submitted = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'pending_approval',
      operationCount: 3000,
      operations: [],
      operationsOmitted: true,
      operationSummary: { pending: 3000, approved: 0, rejected: 0, applied: 0, failed: 0 },
    });
    expect((await ndjson(set.id, [create(`${tag}-LATE`)])).status).toBe(409);

    const decide = (body: unknown) => as('reviewer', 'POST', `/change-sets/${set.id}/operations/decide`, body);
    const refused = await decide({ decision: 'approve', filter: { type: 'update' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'stale-change', details: [expect.objectContaining({ operationId: staleUpdate, actual: 'Shirt two' })] });

    expect((await decide({ decision: 'approve', filter: { type: 'update', stale: false } })).body).toMatchObject({ approved: 1, rejected: 0, unchanged: 0, status: 'pending_approval' });
    expect((await decide({ decision: 'approve', filter: { segment: 'seg-de' } })).body).toMatchObject({ approved: 500, rejected: 0, unchanged: 0 });
    expect((await decide({ decision: 'reject', filter: { attributeAlias: 'material' }, reviewNote: 'No materials this season.' })).body).toMatchObject({
      approved: 0,
      rejected: 1000,
      unchanged: 0,
    });
    expect((await decide({ decision: 'approve', filter: {} })).status).toBe(409);
    const last = await decide({ decision: 'approve', filter: {}, allowStale: true });
    expect(last.body).toEqual({
      approved: 1499,
      rejected: 0,
      unchanged: 1501,
      status: 'approved',
      operationSummary: { pending: 0, approved: 2000, rejected: 1000, applied: 0, failed: 0 },
    });
    const rejected = (await allPages(set.id, 'status=rejected')).items;
    expect(rejected).toHaveLength(1000);
    expect(rejected.every((item) => item.reviewNote === 'No materials this season.' && item.changes.every((proposed) => proposed.decision === 'rejected'))).toBe(true);
    expect((await decide({ decision: 'reject', filter: {} })).status).toBe(409);
  }, 180000);

  it('keeps the seed shape for a small set, and flags invalid proposals by filter', async () => {
    const set = await createChangeSet(system.api, { title: `Small ${tag}` });
    const appended = await ndjson(set.id, [
      create(`${tag}-S-1`, change('price', 12.5)),
      create(`${tag}-S-2`, change('price', 'cheap')),
      create(`${tag}-S-3`, change('material', 'Linen')),
    ]);
    expect(appended.answers.map((answer) => answer.status)).toEqual(['added', 'added', 'added']);
    const invalid = await allPages(set.id, 'invalid=true');
    expect(invalid.items.map((item) => item.id)).toEqual([appended.answers[1].operationId]);
    expect((await allPages(set.id, 'invalid=false')).items.map((item) => item.id)).toEqual([appended.answers[0].operationId, appended.answers[2].operationId]);

    // An agent may not append to another's set; nor may a reviewer decide a draft.
    expect((await ndjson(set.id, [create(`${tag}-S-4`)], 'agent')).status).toBe(403);
    expect((await as('reviewer', 'POST', `/change-sets/${set.id}/operations/decide`, { decision: 'approve', filter: {} })).status).toBe(409);
    expect((await as('reviewer', 'POST', `/change-sets/${set.id}/operations/decide`, { decision: 'maybe', filter: {} })).body.details).toEqual([
      expect.objectContaining({ field: 'decision' }),
    ]);

    await as('editor', 'DELETE', `/change-sets/${set.id}/operations/${appended.answers[1].operationId}`);
    const submitted = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
    expect(submitted.status).toBe(200);
    const body = submitted.body as ChangeSetDto;
    expect(body.operations.map((item) => item.id)).toEqual([appended.answers[0].operationId, appended.answers[2].operationId]);
    expect(body).not.toHaveProperty('operationsOmitted');
    expect(body).not.toHaveProperty('operationSummary');
    const approved = await as('reviewer', 'POST', `/change-sets/${set.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', operationCount: 2, operations: [{ status: 'approved' }, { status: 'approved' }] });
  }, 60000);

  it('holds 100,000 operations: appended in chunks of 5,000, paged to the end, approved by filter, applied with progress and one audit entry each', async () => {
    const set = await createChangeSet(system.api, { title: `Full ${tag}` });
    let added = 0;
    for (let start = 0; start < 100_000; start += 5000) {
      const chunk = await ndjson(set.id, Array.from({ length: 5000 }, (_, i) => create(`${tag}-F-${start + i}`, change('material', 'Wool'))));
      expect(chunk.status).toBe(200);
      added += chunk.answers.filter((answer) => answer.status === 'added').length;
    }
    expect(added).toBe(100_000);
    const full = await ndjson(set.id, [create(`${tag}-F-OVER`)]);
    expect(full.answers).toEqual([expect.objectContaining({ line: 1, status: 'failed', error: expect.objectContaining({ details: [expect.objectContaining({ rule: 'maxSize' })] }) })]);

    let cursor: string | undefined;
    let paged = 0;
    do {
      const page = await as('reviewer', 'GET', `/change-sets/${set.id}/operations?limit=500&type=create${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.total).toBe(100_000);
      paged += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toBe(100_000);

    const submitted = await as('editor', 'POST', `/change-sets/${set.id}/submit`);
    expect(submitted.body).toMatchObject({ status: 'pending_approval', operationCount: 100_000, operations: [], operationsOmitted: true });
    const decided = await as('reviewer', 'POST', `/change-sets/${set.id}/operations/decide`, { decision: 'approve', filter: { attributeAlias: 'material' } });
    expect(decided.body).toEqual({
      approved: 100_000,
      rejected: 0,
      unchanged: 0,
      status: 'approved',
      operationSummary: { pending: 0, approved: 100_000, rejected: 0, applied: 0, failed: 0 },
    });

    // Past the quick-answer window the apply answers 202 and a Location whose read stays a summary with the progress.
    const applying = await system.api.request('POST', `/change-sets/${set.id}/apply`, { token: await system.api.token('reviewer') });
    expect(applying.status).toBe(202);
    expect(applying.headers.get('location')).toBe(`/api/v1/change-sets/${set.id}`);
    const progress: number[] = [];
    let read: ChangeSetDto;
    do {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const polled = await as('reviewer', 'GET', `/change-sets/${set.id}`);
      expect(polled.status).toBe(200);
      read = polled.body as ChangeSetDto;
      expect(read).toMatchObject({ operations: [], operationsOmitted: true, operationCount: 100_000 });
      if (read.applyProgress) progress.push(read.applyProgress.done);
    } while (read.status === 'applying');
    expect(read).toMatchObject({
      status: 'applied',
      applyResult: { applied: 100_000, skipped: 0, errors: [] },
      applyProgress: { done: 100_000, applied: 100_000, failed: 0, total: 100_000 },
      operationSummary: { pending: 0, approved: 0, rejected: 0, applied: 100_000, failed: 0 },
    });
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.some((done) => done > 0 && done < 100_000)).toBe(true);

    // Exactly one audit entry per operation, each a create carrying its operation.
    const operationIds = new Set<string>();
    let entries = 0;
    let after: string | undefined;
    do {
      const page = await as('viewer', 'GET', `/change-sets/${set.id}/audit?limit=500${after ? `&after=${after}` : ''}`);
      expect(page.status).toBe(200);
      for (const entry of page.body.items as AuditEntryDto[]) {
        entries++;
        expect({ action: entry.action, changeSetId: entry.changeSetId }).toEqual({ action: 'create', changeSetId: set.id });
        operationIds.add(entry.operationId as string);
      }
      after = page.body.nextCursor;
    } while (after);
    expect(entries).toBe(100_000);
    expect(operationIds.size).toBe(100_000);
  }, 900000);

  it('answers an unknown set\'s audit with 404 and a set that wrote nothing with an empty page', async () => {
    expect((await as('viewer', 'GET', '/change-sets/cs_nope/audit')).status).toBe(404);
    const set = await createChangeSet(system.api, { title: `Unapplied ${tag}` });
    expect((await as('viewer', 'GET', `/change-sets/${set.id}/audit`)).body).toEqual({ items: [] });
    expect((await as('viewer', 'GET', `/change-sets/${set.id}/audit?limit=0`)).body.details).toEqual([expect.objectContaining({ field: 'limit' })]);
  });
});
