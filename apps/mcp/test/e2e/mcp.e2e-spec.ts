/**
 * The MCP server against the real system: every service and the gateway as processes, the MCP
 * server as its own process over Streamable HTTP and spawned over stdio, driven by the MCP SDK's
 * own client. The agent proposes through MCP; the reviewer acts through the HTTP API.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestSystem, type TestSystem } from '@sigma/testing';
import { runAgentLoop, TOOL_NAMES } from './agent-loop';
import { call, callOk, connectHttp, connectStdio, type McpHttpProcess, startMcpHttp } from './mcp-harness';

let system: TestSystem;
let mcp: McpHttpProcess;
const clients: Client[] = [];

beforeAll(async () => {
  system = await startTestSystem({ label: 'mcp' });
  mcp = await startMcpHttp(system);
}, 90000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await mcp?.stop();
  await system?.stop();
});

async function httpClient(user: string): Promise<Client> {
  const client = await connectHttp(mcp.url, { authorization: `Bearer ${await system.api.token(user)}` });
  clients.push(client);
  return client;
}

/** No tool writes a record, and no crafted call gets one written. */
async function expectNoRecordWrites(client: Client, recordId: string): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(TOOL_NAMES);
  const proposing = ['propose_change_set', 'resubmit_change_set', 'revise_change_set'];
  for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(!proposing.includes(tool.name));
  expect(tools.map((tool) => tool.name).filter((name) => /apply|approve|write|update_record|create_record|delete/.test(name))).toEqual([]);

  const before = (await system.api.as('admin', 'GET', `/records/${recordId}`)).body;
  const unknown = await call(client, 'update_record', { recordId, values: { material: [{ scope: {}, value: 'hacked' }] } });
  expect(unknown).toMatchObject({ isError: true, text: expect.stringContaining('Tool update_record not found') });
  const climbing = await call(client, 'revise_change_set', {
    changeSetId: `../records/${recordId}`,
    addOperations: [{ type: 'update', entityId: recordId, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'hacked' }] }],
  });
  expect(climbing).toMatchObject({ isError: true, text: expect.stringContaining('Input validation error') });
  // Extra fields (a status, an apply flag) are not part of any tool: the proposal still waits for review.
  const crafted = await callOk(client, 'propose_change_set', {
    title: 'Crafted',
    source: { name: 'Claude' },
    apply: true,
    status: 'applied',
    operations: [{ type: 'update', entityId: recordId, schemaId: 'schema-apparel', status: 'approved', changes: [{ attributeAlias: 'material', newValue: 'hacked' }] }],
  });
  expect(crafted).toMatchObject({ status: 'pending_approval', operations: [{ status: 'pending' }] });
  const after = (await system.api.as('admin', 'GET', `/records/${recordId}`)).body;
  expect(after).toEqual(before);
  // Leave the crafted proposal decided so it does not linger in the record's pending changes.
  expect((await system.api.as('reviewer', 'POST', `/change-sets/${crafted.changeSetId}/reject`, { reviewNote: 'crafted' })).status).toBe(200);
}

describe('MCP over Streamable HTTP', () => {
  it('runs the loop: propose, revision requested, feedback, revise, resubmit, approved and applied, read back', async () => {
    await runAgentLoop({ client: await httpClient('agent'), api: system.api, recordId: 'ent-001', revision: 'replace' });
  });

  it('exposes no way to write a record', async () => {
    await expectNoRecordWrites(await httpClient('agent'), 'ent-003');
  });

  it('refuses a request without a credential, or with one the API refuses, before any tool', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    };
    const post = (headers: Record<string, string>) =>
      fetch(mcp.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(initialize) });
    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="sigma-pim"');
    expect((await post({ authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect((await post({ 'x-api-key': 'sk_not_a_key' })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await system.api.token('agent')}` })).status).toBe(200);
    expect((await fetch(mcp.url)).status).toBe(405);
    await expect(connectHttp(mcp.url, { authorization: 'Bearer not-a-token' })).rejects.toThrow();
  });

  it('runs every tool with the caller\'s own rights: a viewer may read but not propose', async () => {
    const viewer = await httpClient('viewer');
    expect((await callOk(viewer, 'get_record', { recordId: 'ent-002' })).record.id).toBe('ent-002');
    const refused = await call(viewer, 'propose_change_set', {
      title: 'Viewer proposal',
      source: { name: 'Viewer script', type: 'integration' },
      operations: [{ type: 'update', entityId: 'ent-002', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'x' }] }],
    });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/^The change set was not created\.\nThe Sigma PIM API refused POST \/api\/v1\/change-sets: 403 forbidden/);
    const unknown = await call(viewer, 'get_record', { recordId: 'ent-nope' });
    expect(unknown).toMatchObject({ isError: true, text: expect.stringContaining('404 not-found') });
  });
});

describe('MCP over stdio', () => {
  let stdio: { client: Client; stderr: () => string };

  beforeAll(async () => {
    stdio = await connectStdio({ SIGMA_API_URL: system.baseUrl, SIGMA_TOKEN: await system.api.token('agent') });
    clients.push(stdio.client);
  });

  it('runs the loop: propose, revision requested, feedback, revise, resubmit, approved and applied, read back', async () => {
    await runAgentLoop({ client: stdio.client, api: system.api, recordId: 'ent-002', revision: 'add' });
    expect(stdio.stderr()).toContain('MCP (stdio) ready');
  });

  it('exposes no way to write a record', async () => {
    await expectNoRecordWrites(stdio.client, 'ent-003');
  });

  it('logs in with a username and password when given those instead of a token', async () => {
    const login = await connectStdio({ SIGMA_API_URL: system.baseUrl, SIGMA_USERNAME: 'agent', SIGMA_PASSWORD: 'agent-demo' });
    clients.push(login.client);
    expect((await callOk(login.client, 'get_schema', {})).schemas.map((schema: any) => schema.id)).toContain('schema-apparel');
  });
});
