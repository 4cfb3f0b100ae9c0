/**
 * The MCP endpoint over Streamable HTTP, stateless: every POST to /mcp carries the agent's
 * credential (`Authorization: Bearer <API key or token>` or `X-API-Key`), is checked against the
 * API, and gets its own MCP server bound to that credential, so the agent's own rights apply to
 * every tool call and no session state outlives a request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ApiError, SigmaApi } from '../api/sigma-api';
import { type Credential, credentialAuth, credentialFromHeaders } from '../api/credentials';
import { createSigmaMcpServer } from '../tools/server';
import { CallerCheck } from './caller-check';

export const MCP_PATH = '/mcp';

export interface McpHttpOptions {
  apiUrl: string;
  apiTimeoutMs: number;
  bodyLimitBytes: number;
  version: string;
  log: (line: string) => void;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly rpcCode = -32000,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function createMcpHttpServer(options: McpHttpOptions): Server {
  const apiFor = (credential: Credential) => new SigmaApi({ baseUrl: options.apiUrl, auth: credentialAuth(credential), timeoutMs: options.apiTimeoutMs });
  const callers = new CallerCheck((credential) => apiFor(credential).caller());

  const handleMcp = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST') {
      // Stateless: no standalone SSE stream (GET) and no session to end (DELETE).
      throw new HttpRefusal(405, 'Method not allowed: this MCP server is stateless, send JSON-RPC with POST', -32000, { allow: 'POST' });
    }
    const credential = credentialFromHeaders(req.headers);
    if (!credential) throw new HttpRefusal(401, 'Send the agent\'s credential: Authorization: Bearer <API key or token>, or X-API-Key: <key>', -32001, UNAUTHORIZED);
    try {
      await callers.check(credential);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        throw new HttpRefusal(401, `The Sigma PIM API refused the credential: ${error.message}`, -32001, UNAUTHORIZED);
      }
      throw new HttpRefusal(502, `Could not check the credential with the Sigma PIM API: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = await readJson(req, options.bodyLimitBytes);
    const server = createSigmaMcpServer(apiFor(credential), options.version);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://mcp').pathname;
    const handled =
      path === '/health' && req.method === 'GET'
        ? Promise.resolve(send(res, 200, { status: 'ok' }))
        : path === MCP_PATH
          ? handleMcp(req, res)
          : Promise.reject(new HttpRefusal(404, `Not found: the MCP endpoint is POST ${MCP_PATH}`));
    handled.catch((error: unknown) => {
      if (!(error instanceof HttpRefusal)) options.log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (res.headersSent) return void res.end();
      const refusal = error instanceof HttpRefusal ? error : new HttpRefusal(500, 'Internal error', -32603);
      for (const [name, value] of Object.entries(refusal.headers)) res.setHeader(name, value);
      send(res, refusal.status, { jsonrpc: '2.0', error: { code: refusal.rpcCode, message: refusal.message }, id: null });
    });
  });
}

const UNAUTHORIZED = { 'www-authenticate': 'Bearer realm="sigma-pim"' };

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The request's JSON body, refused past `limit` bytes without reading the rest. */
async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new HttpRefusal(413, `Request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpRefusal(413, `Request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpRefusal(400, 'Parse error: the body is not JSON', -32700);
  }
}
