import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { repoRoot } from '@sigma/config';
import { freePort, type ServiceProcess, spawnService, type TestSystem } from '@sigma/testing';

const ROOT = repoRoot(__dirname);

export interface ToolAnswer {
  isError: boolean;
  text: string;
  /** The answer parsed as JSON (success answers are JSON; errors are text). */
  json: any;
}

/** Calls a tool through the SDK's own client and reads its single text answer. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  expect(content).toHaveLength(1);
  const text = content[0].text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { isError: result.isError === true, text, json };
}

/** `call` that must succeed. */
export async function callOk(client: Client, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const answer = await call(client, name, args);
  if (answer.isError) throw new Error(`${name} failed: ${answer.text}`);
  return answer.json;
}

export interface McpHttpProcess {
  url: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

/** The Streamable HTTP server as its own process (`node dist/apps/mcp/src/main.js`), as npm start runs it. */
export async function startMcpHttp(system: TestSystem): Promise<McpHttpProcess> {
  const port = await freePort();
  const process = spawnService('mcp', { MCP_PORT: String(port), MCP_HOST: '127.0.0.1', SIGMA_API_URL: system.baseUrl });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`mcp exited during startup:\n${process.output()}`);
    const healthy = await fetch(`${base}/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await process.stop();
      throw new Error(`mcp not healthy:\n${process.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `${base}/mcp`, process, stop: () => process.stop() };
}

export async function connectHttp(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'sigma-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** Spawns the stdio entry exactly as an agent host would, with the agent's credential in its environment. */
export async function connectStdio(env: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ROOT, 'dist', 'apps', 'mcp', 'src', 'stdio.js')],
    cwd: ROOT,
    env: { ...getDefaultEnvironment(), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10000)));
  const client = new Client({ name: 'sigma-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}
