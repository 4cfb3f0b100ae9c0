import type { OperationInput, RecordDto, SchemaDto, Scope } from '@sigma/contracts';
import {
  attribute,
  change,
  createChangeSet,
  createDimension,
  createRecord,
  createSchema,
  eventually,
  operation,
  startTestSystem,
  submittedChangeSet,
  type TestSystem,
  uniqueSku,
} from '@sigma/testing';

type Change = { attributeAlias: string; scope?: Scope; decision?: string };
type Values = Record<string, { scope: Scope; value: unknown }[]>;

/**
 * Deciding single changes (attribute × scope) of an operation: the operation follows its changes,
 * apply writes exactly the approved ones, and whole-operation decisions and resubmit keep working.
 */
describe('change sets API: per-change decisions (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  let en: Scope;
  let de: Scope;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ok = async (user: string, method: string, path: string, payload?: unknown) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({ path, status: 200, body: undefined });
    return response.body;
  };
  const decisionsOf = (changes: Change[]) => changes.map((proposed) => [proposed.attributeAlias, proposed.scope, proposed.decision]);
  const decide = (setId: string, operationId: string, body: unknown, user = 'reviewer') =>
    as(user, 'POST', `/change-sets/${setId}/operations/${operationId}/changes/decide`, body);
  const inReview = (operations: OperationInput[]) => submittedChangeSet(system.api, { operations });
  const shirt = () =>
    createRecord(system.api, {
      schemaId: schema.id,
      values: {
        'short-description': [{ scope: {}, value: 'A classic shirt.' }],
        'product-name': [
          { scope: en, value: 'Oxford shirt' },
          { scope: de, value: 'Oxford-Hemd' },
        ],
      },
    });
  /** An update proposing a better description and a bad German name. */
  const descriptionAndGermanName = (record: RecordDto) =>
    operation.update(
      record.id,
      schema.id,
      change('short-description', 'Timeless Oxford weave in premium cotton.', { oldValue: 'A classic shirt.' }),
      change('product-name', 'Hemd von Oxford Weben', { scope: de, oldValue: 'Oxford-Hemd' }),
    );
  const APPROVE_DESCRIPTION_REJECT_GERMAN = {
    decisions: [
      { attributeAlias: 'short-description', decision: 'approve' },
      { attributeAlias: 'product-name', scope: {} as Scope, decision: 'reject' },
    ],
    reviewNote: 'Keep the description; the German name is not idiomatic.',
  };

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-decide' });
    const language = await createDimension(system.api, { segments: ['seg-en', 'seg-de'] });
    [en, de] = [{ [language.id]: 'seg-en' }, { [language.id]: 'seg-de' }];
    APPROVE_DESCRIPTION_REJECT_GERMAN.decisions[1].scope = de;
    schema = await createSchema(system.api, {
      attributes: [attribute('sku', { rules: { unique: true } }), attribute('short-description'), attribute('product-name', { dimensionIds: [language.id] })],
    });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  it('applies the approved short-description and keeps the old German name; reads and the audit trail show the decisions', async () => {
    const record = await shirt();
    const set = await inReview([descriptionAndGermanName(record)]);
    const operationId = set.operations[0].id;
    expect(decisionsOf(set.operations[0].changes)).toEqual([
      ['short-description', {}, 'pending'],
      ['product-name', de, 'pending'],
    ]);

    const decided = await decide(set.id, operationId, APPROVE_DESCRIPTION_REJECT_GERMAN);
    expect(decided.status).toBe(200);
    // One approved change approves the operation; with no operation left pending, the set is decided.
    expect(decided.body).toMatchObject({ status: 'approved', operations: [{ id: operationId, status: 'approved', reviewNote: APPROVE_DESCRIPTION_REJECT_GERMAN.reviewNote }] });
    expect(decisionsOf(decided.body.operations[0].changes)).toEqual([
      ['short-description', {}, 'approved'],
      ['product-name', de, 'rejected'],
    ]);
    const read = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(decisionsOf(read.operations[0].changes)).toEqual(decisionsOf(decided.body.operations[0].changes));
    const page = await ok('viewer', 'GET', `/change-sets/${set.id}/operations`);
    expect(decisionsOf(page.items[0].changes)).toEqual(decisionsOf(decided.body.operations[0].changes));

    expect(await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`)).toEqual({ applied: 1, skipped: 0, errors: [] });
    const after = (await ok('viewer', 'GET', `/records/${record.id}`)) as RecordDto;
    expect((after.values as Values)['short-description']).toEqual([{ scope: {}, value: 'Timeless Oxford weave in premium cotton.' }]);
    expect((after.values as Values)['product-name']).toEqual(
      expect.arrayContaining([
        { scope: en, value: 'Oxford shirt' },
        { scope: de, value: 'Oxford-Hemd' },
      ]),
    );
    const [entry] = await eventually(async () => {
      const entries = (await ok('viewer', 'GET', `/records/${record.id}/audit?limit=50&order=desc`)) as Record<string, any>[];
      expect(entries.filter((candidate) => candidate.changeSetId === set.id)).toHaveLength(1);
      return entries;
    });
    expect(entry).toMatchObject({ action: 'update', changeSetId: set.id, operationId });
    expect(entry.changes).toEqual([{ attributeAlias: 'short-description', scope: {}, oldValue: 'A classic shirt.', newValue: 'Timeless Oxford weave in premium cotton.' }]);
    const applied = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(applied.operations[0].status).toBe('applied');
    expect(decisionsOf(applied.operations[0].changes)).toEqual(decisionsOf(decided.body.operations[0].changes));
  });

  it('every change rejected rejects the operation; the set waits for its other operations, and a change can be decided again', async () => {
    const [first, second] = [await shirt(), await shirt()];
    const set = await inReview([descriptionAndGermanName(first), descriptionAndGermanName(second)]);
    const [operationId, otherId] = set.operations.map((candidate: { id: string }) => candidate.id);
    const rejected = await decide(set.id, operationId, {
      decisions: [
        { attributeAlias: 'short-description', decision: 'reject' },
        { attributeAlias: 'product-name', scope: de, decision: 'reject' },
      ],
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'pending_approval', operations: [{ status: 'rejected' }, { status: 'pending' }] });
    expect(rejected.body.operations[0].changes.map((proposed: Change) => proposed.decision)).toEqual(['rejected', 'rejected']);

    // Still in review: approving one of its changes again approves the operation.
    const redecided = await decide(set.id, operationId, { decisions: [{ attributeAlias: 'short-description', decision: 'approve' }] });
    expect(redecided.body).toMatchObject({ status: 'pending_approval', operations: [{ status: 'approved' }, { status: 'pending' }] });
    expect(redecided.body.operations[0].changes.map((proposed: Change) => proposed.decision)).toEqual(['approved', 'rejected']);

    // Rejecting the other operation's changes one at a time: pending until the last one, then the set is decided.
    const half = await decide(set.id, otherId, { decisions: [{ attributeAlias: 'product-name', scope: de, decision: 'reject' }] });
    expect(half.body).toMatchObject({ status: 'pending_approval', operations: [{ status: 'approved' }, { status: 'pending' }] });
    const last = await decide(set.id, otherId, { decisions: [{ attributeAlias: 'short-description', decision: 'reject' }] });
    expect(last.body).toMatchObject({ status: 'approved', operations: [{ status: 'approved' }, { status: 'rejected' }] });
  });

  it('a create with a rejected change creates the record with the approved values only; approving the set decides the undecided changes', async () => {
    const sku = uniqueSku();
    const set = await inReview([
      operation.create(
        schema.id,
        change('sku', sku),
        change('short-description', 'A linen shirt for summer.'),
        change('product-name', 'Linen shirt', { scope: en }),
        change('product-name', 'Leinen Hemd Sommer gut', { scope: de }),
      ),
    ]);
    const operationId = set.operations[0].id;
    const partly = await decide(set.id, operationId, { decisions: [{ attributeAlias: 'product-name', scope: de, decision: 'reject' }] });
    expect(partly.body).toMatchObject({ status: 'pending_approval', operations: [{ status: 'pending' }] });

    const approved = await ok('reviewer', 'POST', `/change-sets/${set.id}/approve`);
    expect(approved).toMatchObject({ status: 'approved', operations: [{ status: 'approved' }] });
    expect(approved.operations[0].changes.map((proposed: Change) => proposed.decision)).toEqual(['approved', 'approved', 'approved', 'rejected']);

    expect(await ok('reviewer', 'POST', `/change-sets/${set.id}/apply`)).toEqual({ applied: 1, skipped: 0, errors: [] });
    const list = await ok('viewer', 'GET', '/records?limit=500');
    const created = list.items.find((item: { values: Values }) => item.values.sku?.[0]?.value === sku) as RecordDto;
    expect(created.values).toMatchObject({ 'short-description': [{ scope: {}, value: 'A linen shirt for summer.' }], 'product-name': [{ scope: en, value: 'Linen shirt' }] });
    expect((created.values as Values)['product-name']).toHaveLength(1);
  });

  it('approving or rejecting one operation decides its changes still undecided and keeps the decided ones', async () => {
    const [first, second] = [await shirt(), await shirt()];
    const set = await inReview([descriptionAndGermanName(first), descriptionAndGermanName(second)]);
    const [operationId, otherId] = set.operations.map((candidate: { id: string }) => candidate.id);
    await decide(set.id, operationId, { decisions: [{ attributeAlias: 'product-name', scope: de, decision: 'reject' }] });
    const approved = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${operationId}/approve`);
    expect(approved.operations[0]).toMatchObject({ status: 'approved' });
    expect(approved.operations[0].changes.map((proposed: Change) => proposed.decision)).toEqual(['approved', 'rejected']);
    const rejected = await ok('reviewer', 'POST', `/change-sets/${set.id}/operations/${otherId}/reject`);
    expect(rejected).toMatchObject({ status: 'approved', operations: [{ status: 'approved' }, { status: 'rejected' }] });
    expect(rejected.operations[1].changes.map((proposed: Change) => proposed.decision)).toEqual(['rejected', 'rejected']);
  });

  it('resubmitting after a revision request puts every change back to pending', async () => {
    const record = await shirt();
    const set = await inReview([descriptionAndGermanName(record), descriptionAndGermanName(await shirt())]);
    await decide(set.id, set.operations[0].id, APPROVE_DESCRIPTION_REJECT_GERMAN);
    await ok('reviewer', 'POST', `/change-sets/${set.id}/request-revision`, { requestedBy: 'user-reviewer', message: 'Please fix the German name.' });
    const resubmitted = await ok('editor', 'POST', `/change-sets/${set.id}/resubmit`);
    expect(resubmitted).toMatchObject({ status: 'pending_approval', operations: [{ status: 'pending' }, { status: 'pending' }] });
    expect(resubmitted.operations[0].changes.map((proposed: Change) => proposed.decision)).toEqual(['pending', 'pending']);
  });

  it('deciding a change the operation does not propose is a 400 naming it, and stores nothing', async () => {
    const set = await inReview([descriptionAndGermanName(await shirt())]);
    const operationId = set.operations[0].id;
    const response = await decide(set.id, operationId, {
      decisions: [
        { attributeAlias: 'short-description', decision: 'approve' },
        { attributeAlias: 'price', decision: 'reject' },
        { attributeAlias: 'product-name', scope: en, decision: 'reject' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("'price'");
    expect(response.body.details).toEqual([
      expect.objectContaining({ field: 'decisions[1].attributeAlias', rule: 'exists', attributeAlias: 'price' }),
      expect.objectContaining({ field: 'decisions[2].scope', rule: 'exists', attributeAlias: 'product-name' }),
    ]);
    const read = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(read.operations[0]).toMatchObject({ status: 'pending' });
    expect(read.operations[0].changes.map((proposed: Change) => proposed.decision)).toEqual(['pending', 'pending']);

    const twice = await decide(set.id, operationId, {
      decisions: [
        { attributeAlias: 'short-description', decision: 'approve' },
        { attributeAlias: 'short-description', scope: {}, decision: 'reject' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.details).toEqual([expect.objectContaining({ field: 'decisions[1]', rule: 'unique' })]);
  });

  it('refuses a malformed body (400 naming the field) and an unknown operation (404)', async () => {
    const set = await inReview([descriptionAndGermanName(await shirt())]);
    const operationId = set.operations[0].id;
    const badVerb = await decide(set.id, operationId, { decisions: [{ attributeAlias: 'short-description', decision: 'maybe' }] });
    expect(badVerb.status).toBe(400);
    expect(JSON.stringify(badVerb.body.details)).toContain('decision');
    const empty = await decide(set.id, operationId, { decisions: [] });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body.details)).toContain('decisions');
    const unknown = await decide(set.id, 'cop_unknown123', { decisions: [{ attributeAlias: 'short-description', decision: 'approve' }] });
    expect(unknown.status).toBe(404);
  });

  it('deciding changes of a set not in review is a 409', async () => {
    const record = await shirt();
    const draft = await createChangeSet(system.api, { operations: [descriptionAndGermanName(record)] });
    const inDraft = await decide(draft.id, draft.operations[0].id, APPROVE_DESCRIPTION_REJECT_GERMAN);
    expect(inDraft.status).toBe(409);
    expect(inDraft.body.message).toContain("Cannot decide changes of a change set in status 'draft'");

    const set = await inReview([descriptionAndGermanName(record)]);
    await decide(set.id, set.operations[0].id, APPROVE_DESCRIPTION_REJECT_GERMAN);
    const decided = await decide(set.id, set.operations[0].id, { decisions: [{ attributeAlias: 'short-description', decision: 'reject' }] });
    expect(decided.status).toBe(409);
    expect(decided.body.details).toMatchObject({ status: 'approved', allowed: ['pending_approval'] });
  });

  it('a viewer may not decide changes (403), and nothing is stored', async () => {
    const set = await inReview([descriptionAndGermanName(await shirt())]);
    const response = await decide(set.id, set.operations[0].id, APPROVE_DESCRIPTION_REJECT_GERMAN, 'viewer');
    expect(response.status).toBe(403);
    const read = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(read).toMatchObject({ status: 'pending_approval', operations: [{ status: 'pending' }] });
  });
});
