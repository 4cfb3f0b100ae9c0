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
  recordId: string;
  /** How the agent revises: rewrite the operation (PATCH), or add another one (PUT). */
  revision: 'replace' | 'add';
}

export async function runAgentLoop({ client, api, recordId, revision }: LoopOptions): Promise<void> {
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
    ],
  });
  expect(proposed).toMatchObject({ status: 'pending_approval', revisionCount: 0, operations: [{ entityId: recordId, status: 'pending', changes: 1 }] });
  const { changeSetId } = proposed;
  const operationId = proposed.operations[0].id;
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
    feedbackSummary: { good: 0, bad: 1, unrated: 0, snippets: 1, message: 'Be specific about the wool.' },
  });
  expect(feedback.nextStep).toContain('revise_change_set');
  expect(feedback.operations[0].changes[0]).toMatchObject({ attributeAlias: 'material', newValue: 'wool', rating: 'bad', annotations: [{ text: 'wool', startOffset: 0, endOffset: 4, sentiment: 'bad', note: 'Which wool? Say merino.' }] });
  expect(feedback.messages).toEqual([expect.objectContaining({ authorType: 'user', body: 'Be specific about the wool.' })]);
  const listed = await callOk(client, 'get_review_feedback', { status: 'revision_requested' });
  expect(listed.items.map((item: any) => item.id)).toContain(changeSetId);

  const expected = await revise({ client, api, changeSetId, operationId, recordId, revision });

  const resubmitted = await callOk(client, 'resubmit_change_set', { changeSetId, message: 'Revised as asked: the material is now specific.' });
  expect(resubmitted).toMatchObject({ changeSetId, status: 'pending_approval', revisionCount: 1 });
  const thread = (await callOk(client, 'get_review_feedback', { changeSetId })).messages;
  expect(thread[thread.length - 1]).toMatchObject({ authorType: 'agent', authorName: 'agent', body: 'Revised as asked: the material is now specific.' });

  // The reviewer approves and applies, through the HTTP API.
  expect((await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/approve`, { reviewNote: 'Good now.' })).status).toBe(200);
  const applied = await api.as('reviewer', 'POST', `/change-sets/${changeSetId}/apply`);
  expect(applied.status).toBe(200);
  expect(applied.body.errors).toEqual([]);

  const after = await callOk(client, 'get_record', { recordId });
  expect(after.record.values.material).toEqual([{ scope: {}, value: expected.material }]);
  for (const [alias, value] of Object.entries(expected.others)) expect(after.record.values[alias]).toEqual([{ scope: { 'dim-language': 'seg-da' }, value }]);
  expect(after.pendingChanges.map((change: any) => change.changeSetId)).not.toContain(changeSetId);
  expect((await callOk(client, 'get_review_feedback', { changeSetId })).status).toBe('applied');
}

/**
 * Revises through the tool and returns what apply must then write. Whether the API lets a source
 * edit a set under revision is the API's call: where it does not (PUT only in draft, no operation
 * PATCH/DELETE yet), the tool must say so as a tool error and change nothing; where it does, the
 * revision must show in the set. Both are checked against the API's own answer.
 */
async function revise(options: { client: Client; api: ApiClient; changeSetId: string; operationId: string; recordId: string; revision: 'replace' | 'add' }) {
  const { client, api, changeSetId, operationId, recordId, revision } = options;
  const danish = 'Merinould fra New Zealand';
  const args =
    revision === 'replace'
      ? { changeSetId, replaceOperations: [{ operationId, changes: [{ attributeAlias: 'material', newValue: 'Merino wool' }] }] }
      : {
          changeSetId,
          addOperations: [{ type: 'update', entityId: recordId, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'long-description', scope: { 'dim-language': 'seg-da' }, newValue: danish }] }],
        };
  const answer = await call(client, 'revise_change_set', args);
  const set = (await api.as('agent', 'GET', `/change-sets/${changeSetId}`)).body;
  if (answer.isError) {
    const endpoint = revision === 'replace' ? 'PATCH /change-sets/:id/operations/:opId' : 'PUT /change-sets/:id';
    expect(answer.text).toContain(endpoint);
    expect(answer.text).toContain('not available on this Sigma PIM server yet');
    expect(answer.text).toContain('Nothing was changed.');
    expect(answer.text).toContain('resubmit_change_set');
    expect(set.status).toBe('revision_requested');
    expect(set.operations).toHaveLength(1);
    expect(set.operations[0].changes.map((change: any) => change.newValue)).toEqual(['wool']);
    return { material: 'wool', others: {} };
  }
  expect(answer.json.status).toBe('revision_requested');
  if (revision === 'replace') {
    expect(set.operations[0].changes.map((change: any) => change.newValue)).toEqual(['Merino wool']);
    return { material: 'Merino wool', others: {} };
  }
  expect(set.operations).toHaveLength(2);
  return { material: 'wool', others: { 'long-description': danish } };
}
