/**
 * The MCP server against the real system: every service and the gateway as processes, the MCP
 * server as its own process over Streamable HTTP and spawned over stdio, driven by the MCP SDK's
 * own client. An admin gives the agent an API key (POST /api-keys); the agent proposes through MCP
 * with that key; the reviewer acts through the HTTP API.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';
import { runAgentLoop, TOOL_NAMES } from './agent-loop';
import { call, callOk, connectHttp, connectStdio, type McpHttpProcess, startMcpHttp } from './mcp-harness';

let system: TestSystem;
let mcp: McpHttpProcess;
const clients: Client[] = [];

/** An admin creates an API key for the demo agent user, with the agent role (shown once). */
async function agentKey(name: string): Promise<{ id: string; key: string }> {
  const { data, error } = await system.api.sdk('admin').POST('/api-keys', { body: { userId: 'user-agent', name, role: 'role-agent' } });
  if (!data) throw new Error(`POST /api-keys failed: ${error?.message}`);
  return { id: data.id, key: data.key };
}

beforeAll(async () => {
  system = await startTestSystem({ label: 'mcp' });
  mcp = await startMcpHttp(system);
}, 90000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await mcp?.stop();
  await system?.stop();
});

async function httpClient(headers: Record<string, string>): Promise<Client> {
  const client = await connectHttp(mcp.url, headers);
  clients.push(client);
  return client;
}

/** No tool writes a record, no crafted call gets one written, and the agent's key cannot write one directly either. */
async function expectNoRecordWrites(client: Client, recordId: string, key: string): Promise<void> {
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
  // The same key on the HTTP API: reads and proposes, never writes a record or applies a set.
  const direct = (method: string, path: string, body?: unknown) => system.api.request(method, path, { body, headers: { 'x-api-key': key } });
  expect((await direct('PATCH', `/records/${recordId}/values/material`, { value: 'hacked' })).status).toBe(403);
  expect((await direct('PUT', `/records/${recordId}`, { values: { material: [{ scope: {}, value: 'hacked' }] } })).status).toBe(403);
  expect((await direct('POST', `/change-sets/${crafted.changeSetId}/approve`, {})).status).toBe(403);
  expect((await direct('POST', `/change-sets/${crafted.changeSetId}/apply`)).status).toBe(403);
  const after = (await system.api.as('admin', 'GET', `/records/${recordId}`)).body;
  expect(after).toEqual(before);
  // Leave the crafted proposal decided so it does not linger in the record's pending changes.
  expect((await system.api.as('reviewer', 'POST', `/change-sets/${crafted.changeSetId}/reject`, { reviewNote: 'crafted' })).status).toBe(200);
}

describe('MCP over Streamable HTTP', () => {
  let key: { id: string; key: string };

  beforeAll(async () => {
    key = await agentKey('MCP over HTTP');
  });

  it('runs the loop with the agent\'s API key: propose, revision requested, feedback, revise, resubmit, approved and applied, read back', async () => {
    await runAgentLoop({ client: await httpClient({ authorization: `Bearer ${key.key}` }), api: system.api, recordId: 'ent-001', otherRecordId: 'ent-004' });
    const [used] = (await system.api.as('admin', 'GET', '/api-keys?userId=user-agent')).body.items.filter((item: { id: string }) => item.id === key.id);
    expect(used.lastUsedAt).toEqual(expect.any(String));
  });

  it('exposes no way to write a record, to an agent key sent as X-API-Key', async () => {
    await expectNoRecordWrites(await httpClient({ 'x-api-key': key.key }), 'ent-003', key.key);
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
    expect((await post({ authorization: `Bearer ${key.key}` })).status).toBe(200);
    expect((await post({ authorization: `Bearer ${await system.api.token('agent')}` })).status).toBe(200);
    expect((await fetch(mcp.url)).status).toBe(405);
    await expect(connectHttp(mcp.url, { authorization: 'Bearer not-a-token' })).rejects.toThrow();
  });

  it('stops serving a key once an admin revokes it', async () => {
    const revoked = await agentKey('MCP key to revoke');
    const client = await httpClient({ 'x-api-key': revoked.key });
    expect((await callOk(client, 'get_record', { recordId: 'ent-002' })).record.id).toBe('ent-002');
    expect((await system.api.sdk('admin').DELETE('/api-keys/{id}', { params: { path: { id: revoked.id } } })).response.status).toBe(204);
    // Every tool call is checked by the API, which drops a revoked key within AUTH_USER_CACHE_MS.
    await eventually(async () => {
      const refused = await call(client, 'get_record', { recordId: 'ent-002' });
      expect(refused).toMatchObject({ isError: true, text: expect.stringContaining('401 unauthorized') });
    });
    const fresh = await agentKey('MCP key revoked before use');
    await system.api.sdk('admin').DELETE('/api-keys/{id}', { params: { path: { id: fresh.id } } });
    await expect(connectHttp(mcp.url, { 'x-api-key': fresh.key })).rejects.toThrow();
  });

  it('runs every tool with the caller\'s own rights: a viewer (signed in, access token) may read but not propose', async () => {
    const viewer = await httpClient({ authorization: `Bearer ${await system.api.token('viewer')}` });
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
  let key: { id: string; key: string };

  beforeAll(async () => {
    key = await agentKey('MCP over stdio');
    stdio = await connectStdio({ SIGMA_API_URL: system.baseUrl, SIGMA_API_KEY: key.key });
    clients.push(stdio.client);
  });

  it('runs the loop with the agent\'s API key: propose, revision requested, feedback, revise, resubmit, approved and applied, read back', async () => {
    await runAgentLoop({ client: stdio.client, api: system.api, recordId: 'ent-002', otherRecordId: 'ent-004' });
    expect(stdio.stderr()).toContain('MCP (stdio) ready');
  });

  it('exposes no way to write a record', async () => {
    await expectNoRecordWrites(stdio.client, 'ent-003', key.key);
  });

  it('signs in with a username and password, the fallback without an API key', async () => {
    const login = await connectStdio({ SIGMA_API_URL: system.baseUrl, SIGMA_USERNAME: 'agent', SIGMA_PASSWORD: 'agent-demo' });
    clients.push(login.client);
    expect((await callOk(login.client, 'get_schema', {})).schemas.map((schema: any) => schema.id)).toContain('schema-apparel');
  });
});
