/**
 * The whole agent loop through MCP tools, with the reviewer acting through the HTTP API:
 * propose -> (revision requested) -> read feedback -> revise -> resubmit -> (approved, applied) -> read.
 * Shared by the Streamable HTTP and the stdio tests.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ApiClient } from '@sigma/testing';
import { call, callOk } from './mcp-harness';

export const TOOL_NAMES = [
  'get_record',
  'get_review_feedback',
  'get_schema',
  'propose_change_set',
  'resubmit_change_set',
  'revise_change_set',
  'search_records',
];

export interface LoopOptions {
  client: Client;
  api: ApiClient;
  /** The record whose material the agent proposes, then revises. */
  recordId: string;
  /** A second record: the agent proposes its material, withdraws that, and adds a Danish long description instead. */
  otherRecordId: string;
}

export async function runAgentLoop({ client, api, recordId, otherRecordId }: LoopOptions): Promise<void> {
  const schema = await callOk(client, 'get_schema', { schemaId: 'schema-apparel' });
  expect(schema.attributes.find((attribute: any) => attribute.alias === 'material')).toMatchObject({ dataType: 'text', valueType: 'string', scopes: 'global only: scope {}' });
  expect(schema.workflow.states.find((state: any) => state.id === 'state-draft').requiredAttributes).toEqual(['product-name', 'sku']);
  expect(schema.dimensions.map((dimension: any) => dimension.id).sort()).toEqual(['dim-language', 'dim-market']);

  const before = await callOk(client, 'get_record', { recordId });
  const material = before.record.values.material[0];
  expect(material.scope).toEqual({});
  const found = await callOk(client, 'search_records', { schemaId: 'schema-apparel', filters: [{ attribute: 'material', operator: 'eq', value: material.value }] });
  expect(found.items.map((item: any) => item.id)).toEqual([recordId]);
  expect(found.total).toBe(1);
  expect(typeof before.completeness.percentage).toBe('number');
  expect(Array.isArray(before.pendingChanges)).toBe(true);

  // A proposal the API refuses comes back as a tool error naming each field and rule; nothing is kept.
  const refused = await call(client, 'propose_change_set', {
    title: `Refused proposal for ${recordId}`,
    source: { name: 'Claude' },
    operations: [
      {
        type: 'update',
        entityId: recordId,
        schemaId: 'schema-apparel',
        changes: [
          { attributeAlias: 'no-such-attribute', newValue: 'x' },
          { attributeAlias: 'price', scope: { 'dim-language': 'seg-da' }, newValue: 10 },
        ],
      },
    ],
  });
  expect(refused.isError).toBe(true);
  expect(refused.text).toContain('operations[0].changes[0].attributeAlias [exists] (no-such-attribute)');
  expect(refused.text).toContain(`operations[0].changes[1].scope [scope-dimension] (price, {"dim-language":"seg-da"}): 'price' is not scoped by 'dim-language'`);
  expect(refused.text).toContain('withdrawn');
  const drafts = await api.as('agent', 'GET', '/change-sets?status=draft&limit=500');
  expect(drafts.body.filter((set: any) => set.title === `Refused proposal for ${recordId}`)).toEqual([]);

  const other = await callOk(client, 'get_record', { recordId: otherRecordId });
  const proposed = await callOk(client, 'propose_change_set', {
    title: `Material for ${recordId}`,
    source: { name: 'Claude', context: 'e2e enrichment run' },
    operations: [
      {
        type: 'update',
        entityId: recordId,
        schemaId: 'schema-apparel',
        changes: [{ attributeAlias: 'material', newValue: 'wool', oldValue: material.value, confidence: 0.6, reasoning: 'From the supplier sheet' }],
      },
      { type: 'update', entityId: otherRecordId, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'hemp' }] },
    ],
  });
  expect(proposed).toMatchObject({
    status: 'pending_approval',
    revisionCount: 0,
    operations: [
      { entityId: recordId, status: 'pending', changes: 1 },
      { entityId: otherRecordId, status: 'pending', changes: 1 },
    ],
  });
  const { changeSetId } = proposed;
  const [operationId, otherOperationId] = proposed.operations.map((operation: { id: string }) => operation.id);
  const pending = await callOk(client, 'get_record', { recordId });
  expect(pending.pendingChanges.map((change: any) => change.changeSetId)).toContain(changeSetId);
  expect(pending.record.values.material).toEqual(before.record.values.material);

  // The reviewer, through the HTTP API: a bad rating, an annotated span, a revision request.
  expect((await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/operations/${operationId}/rate`, { attributeAlias: 'material', rating: 'bad' })).status).toBe(200);
  const annotation = { attributeAlias: 'material', text: 'wool', startOffset: 0, endOffset: 4, sentiment: 'bad', note: 'Which wool? Say merino.' };
  expect((await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/operations/${operationId}/annotate`, annotation)).status).toBe(201);
  const requested = await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/request-revision`, { requestedBy: 'user-reviewer', message: 'Be specific about the wool.' });
  expect(requested.status).toBe(200);

  const feedback = await callOk(client, 'get_review_feedback', { changeSetId });
  expect(feedback).toMatchObject({
    status: 'revision_requested',
    revisionCount: 1,
    feedbackSummary: { good: 0, bad: 1, unrated: 1, snippets: 1, message: 'Be specific about the wool.' },
  });
  expect(feedback.nextStep).toContain('revise_change_set');
  expect(feedback.operations[0].changes[0]).toMatchObject({ attributeAlias: 'material', newValue: 'wool', rating: 'bad', annotations: [{ text: 'wool', startOffset: 0, endOffset: 4, sentiment: 'bad', note: 'Which wool? Say merino.' }] });
  expect(feedback.messages).toEqual([expect.objectContaining({ authorType: 'user', body: 'Be specific about the wool.' })]);
  const listed = await callOk(client, 'get_review_feedback', { status: 'revision_requested' });
  expect(listed.items.map((item: any) => item.id)).toContain(changeSetId);

  // The agent revises through the tool: withdraws the second operation, rewrites the first, adds a description.
  const specific = `Merino wool (${recordId})`;
  const danish = `Merinould fra New Zealand (${otherRecordId})`;
  const revised = await callOk(client, 'revise_change_set', {
    changeSetId,
    removeOperationIds: [otherOperationId],
    replaceOperations: [{ operationId, changes: [{ attributeAlias: 'material', newValue: specific, oldValue: material.value, reasoning: 'Named the wool, as asked' }] }],
    addOperations: [{ type: 'update', entityId: otherRecordId, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'long-description', scope: { 'dim-language': 'seg-da' }, newValue: danish }] }],
  });
  expect(revised).toMatchObject({
    status: 'revision_requested',
    done: [`remove operation ${otherOperationId}`, `replace the changes of operation ${operationId}`, 'add 1 operation(s)'],
    operations: [
      { id: operationId, entityId: recordId, changes: 1 },
      { entityId: otherRecordId, changes: 1 },
    ],
  });
  // The rewritten value is judged anew: its bad rating and the annotation of the old text are gone.
  const reworked = (await callOk(client, 'get_review_feedback', { changeSetId })).operations[0].changes[0];
  expect(reworked).toMatchObject({ attributeAlias: 'material', newValue: specific });
  expect(reworked.rating).toBeUndefined();
  expect(reworked.annotations ?? []).toEqual([]);

  const resubmitted = await callOk(client, 'resubmit_change_set', { changeSetId, message: 'Revised as asked: the material is now specific.' });
  expect(resubmitted).toMatchObject({ changeSetId, status: 'pending_approval', revisionCount: 1 });
  const thread = (await callOk(client, 'get_review_feedback', { changeSetId })).messages;
  expect(thread[thread.length - 1]).toMatchObject({ authorType: 'agent', authorName: 'agent', body: 'Revised as asked: the material is now specific.' });

  // The reviewer sees what changed since the revision they reviewed, then approves and applies, through the HTTP API.
  const diff = await api.as('reviewer', 'GET', `/change-sets/${changeSetId}/revisions/1/diff`);
  expect(diff.body).toMatchObject({
    from: 1,
    to: 2,
    operationsRemoved: [{ operationId: otherOperationId }],
    operationsAdded: [{ entityId: otherRecordId }],
    changes: [{ operationId, attributeAlias: 'material', kind: 'changed', before: 'wool', after: specific }],
  });
  expect((await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/approve`, { reviewNote: 'Good now.' })).status).toBe(200);
  const applied = await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/apply`);
  expect(applied.status).toBe(200);
  expect(applied.body.errors).toEqual([]);

  const after = await callOk(client, 'get_record', { recordId });
  expect(after.record.values.material).toEqual([{ scope: {}, value: specific }]);
  const otherAfter = await callOk(client, 'get_record', { recordId: otherRecordId });
  expect(otherAfter.record.values.material).toEqual(other.record.values.material);
  expect(otherAfter.record.values['long-description']).toContainEqual({ scope: { 'dim-language': 'seg-da' }, value: danish });
  expect(after.pendingChanges.map((change: any) => change.changeSetId)).not.toContain(changeSetId);
  expect((await callOk(client, 'get_review_feedback', { changeSetId })).status).toBe('applied');
}
