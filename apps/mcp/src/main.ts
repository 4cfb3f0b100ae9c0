/**
 * The MCP server over Streamable HTTP: `POST http://<MCP_HOST>:<MCP_PORT>/mcp`, each request
 * authenticated with the calling agent's API key or token, passed through to the Sigma PIM API.
 */
import { loadConfig, runService } from '@sigma/config';
import { McpConfig, serverVersion } from './config';
import { createMcpHttpServer, MCP_PATH } from './http/mcp-http-server';

const SHUTDOWN_TIMEOUT_MS = 9000;

runService('mcp', async () => {
  const config = loadConfig('mcp', McpConfig);
  // npm start prefixes each app's lines with its name; the line itself stays plain.
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const server = createMcpHttpServer({
    apiUrl: config.apiUrl,
    apiTimeoutMs: config.SIGMA_API_TIMEOUT_MS,
    bodyLimitBytes: config.MCP_BODY_LIMIT_BYTES,
    version: serverVersion(),
    log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.MCP_PORT, config.MCP_HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.MCP_PORT;
  log(`MCP (Streamable HTTP) at http://${config.MCP_HOST === '0.0.0.0' ? 'localhost' : config.MCP_HOST}:${port}${MCP_PATH}, API ${config.apiUrl}`);

  const stop = () => {
    // Finish the requests in flight (each is one tool call), then exit; never hang.
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
