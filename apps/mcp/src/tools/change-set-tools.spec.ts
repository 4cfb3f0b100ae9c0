import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ApiError, type ChangeSetDto, type SigmaApi } from '../api/sigma-api';
import { createSigmaMcpServer } from './server';

/** The tools' own decisions (withdraw on a refused submit, revise step order), against a scripted API. */
const changeSet = (status: ChangeSetDto['status']): ChangeSetDto => ({
  id: 'cs_1',
  title: 't',
  source: { type: 'agent', name: 'Claude' },
  status,
  createdBy: 'user-agent',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  revisionCount: 1,
  operations: [],
});

async function connect(api: Partial<Record<keyof SigmaApi, jest.Mock>>): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createSigmaMcpServer(api as unknown as SigmaApi, 'test').connect(serverSide);
  const client = new Client({ name: 'unit', version: '1' });
  await client.connect(clientSide);
  return client;
}

const text = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as { text: string }[])[0].text;
const inReview = ApiError.from(
  409,
  { message: "Cannot remove an operation from a change set in status 'pending_approval' (allowed: draft, revision_requested)", code: 'conflict', details: { status: 'pending_approval', allowed: ['draft', 'revision_requested'] } },
  'DELETE /api/v1/change-sets/cs_1/operations/cop-1',
);
const operation = { type: 'update', entityId: 'ent-1', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'wool' }] };

describe('propose_change_set', () => {
  it('withdraws a set the API refuses at submit, and says so', async () => {
    const api = {
      createChangeSet: jest.fn().mockResolvedValue(changeSet('draft')),
      submitChangeSet: jest.fn().mockRejectedValue(ApiError.from(422, { message: 'cannot go to review', code: 'gate-failed', details: [{ field: 'operations[0].entityId', rule: 'exists', message: "record 'ent-1' does not exist" }] }, 'POST /api/v1/change-sets/cs_1/submit')),
      deleteChangeSet: jest.fn().mockResolvedValue({ deleted: true }),
    };
    const result = await (await connect(api)).callTool({ name: 'propose_change_set', arguments: { title: 't', source: { name: 'Claude' }, operations: [operation] } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('refused at submit, so it was withdrawn (draft cs_1 deleted)');
    expect(text(result)).toContain("- operations[0].entityId [exists]: record 'ent-1' does not exist");
    expect(api.createChangeSet).toHaveBeenCalledWith({ title: 't', source: { name: 'Claude', type: 'agent' }, operations: [{ ...operation, changes: [{ attributeAlias: 'material', scope: {}, newValue: 'wool' }] }] });
    expect(api.deleteChangeSet).toHaveBeenCalledWith('cs_1');
  });
});

describe('revise_change_set', () => {
  it('removes, replaces, then adds, and stops at the first refusal saying what was done', async () => {
    const api = {
      removeOperation: jest.fn().mockResolvedValue({ deleted: true }),
      replaceOperationChanges: jest.fn().mockRejectedValue(ApiError.from(400, { message: 'bad', code: 'validation-failed', details: [{ field: 'changes[0].newValue', rule: 'dataType', message: 'must be a string' }] }, 'PATCH /api/v1/change-sets/cs_1/operations/cop-2')),
      addOperations: jest.fn(),
    };
    const result = await (await connect(api)).callTool({
      name: 'revise_change_set',
      arguments: { changeSetId: 'cs_1', addOperations: [operation], replaceOperations: [{ operationId: 'cop-2', changes: [{ attributeAlias: 'material', newValue: 'wool' }] }], removeOperationIds: ['cop-1'] },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^Revising change set cs_1 stopped at: replace the changes of operation cop-2\. Done before that: remove operation cop-1\./);
    expect(text(result)).toContain('- changes[0].newValue [dataType]: must be a string');
    expect(api.addOperations).not.toHaveBeenCalled();
  });

  it('says plainly when the set is not open to edits (no revision requested), and that nothing was changed', async () => {
    const api = { removeOperation: jest.fn().mockRejectedValue(inReview), addOperations: jest.fn() };
    const result = await (await connect(api)).callTool({ name: 'revise_change_set', arguments: { changeSetId: 'cs_1', removeOperationIds: ['cop-1'], addOperations: [operation] } });
    expect(result.isError).toBe(true);
    expect(text(result).split('\n')).toEqual([
      'Cannot revise change set cs_1: it is in status pending_approval. Its operations can be edited only after a reviewer requests a revision ' +
        '(status revision_requested). Waiting for a reviewer. Check again later with get_review_feedback.',
      'Nothing was changed.',
    ]);
    expect(api.addOperations).not.toHaveBeenCalled();
  });

  it('asks for something to revise', async () => {
    const result = await (await connect({})).callTool({ name: 'revise_change_set', arguments: { changeSetId: 'cs_1' } });
    expect(result).toMatchObject({ isError: true, content: [{ text: 'Nothing to revise: give removeOperationIds, replaceOperations or addOperations.' }] });
  });
});

describe('resubmit_change_set', () => {
  it('posts the reply as the caller, with the author type of its role, before resubmitting', async () => {
    const api = {
      caller: jest.fn().mockResolvedValue({ userId: 'user-agent', username: 'agent', roles: ['role-agent'] }),
      postMessage: jest.fn().mockResolvedValue({}),
      resubmit: jest.fn().mockResolvedValue(changeSet('pending_approval')),
    };
    const result = await (await connect(api)).callTool({ name: 'resubmit_change_set', arguments: { changeSetId: 'cs_1', message: 'Fixed.' } });
    expect(JSON.parse(text(result))).toMatchObject({ changeSetId: 'cs_1', status: 'pending_approval' });
    expect(api.postMessage).toHaveBeenCalledWith('cs_1', { authorId: 'user-agent', authorName: 'agent', authorType: 'agent', body: 'Fixed.' });
    expect(api.postMessage.mock.invocationCallOrder[0]).toBeLessThan(api.resubmit.mock.invocationCallOrder[0]);
  });
});
