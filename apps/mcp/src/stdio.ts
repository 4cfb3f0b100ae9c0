/**
 * The MCP server over stdio, for an agent host that spawns it:
 * `SIGMA_API_URL=… SIGMA_API_KEY=… node dist/apps/mcp/src/stdio.js`.
 * stdout carries the protocol only; everything else goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ConfigError, loadConfig } from '@sigma/config';
import { type ClientAuth, credentialAuth, loginAuth } from './api/credentials';
import { SigmaApi } from './api/sigma-api';
import { McpConfig, serverVersion } from './config';
import { createSigmaMcpServer } from './tools/server';

async function main(): Promise<void> {
  const config = loadConfig('mcp', McpConfig);
  const source = config.stdioCredential();
  if ('problem' in source) throw new ConfigError('mcp', [source.problem]);
  const auth: ClientAuth =
    'credential' in source
      ? credentialAuth(source.credential)
      : loginAuth(() => SigmaApi.requestToken(config.apiUrl, source.login.username, source.login.password, config.SIGMA_API_TIMEOUT_MS));
  const api = new SigmaApi({ baseUrl: config.apiUrl, auth, timeoutMs: config.SIGMA_API_TIMEOUT_MS });
  const server = createSigmaMcpServer(api, serverVersion());
  await server.connect(new StdioServerTransport());
  process.stderr.write(`[mcp] MCP (stdio) ready, API ${config.apiUrl}\n`);
  // The host ends the server by closing stdin: once the calls in flight are answered, nothing keeps
  // the process alive and it exits.
}

main().catch((error: unknown) => {
  process.stderr.write(`[mcp] ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
