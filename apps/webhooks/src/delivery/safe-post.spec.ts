import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safePost } from './safe-post';

describe('safePost', () => {
  let server: Server;
  let port: number;
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  let answer: number | 'hang' = 202;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        if (answer !== 'hang') response.writeHead(answer).end('ignored');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const options = (allowed: string[], timeoutMs = 2000) => ({ headers: { 'Sigma-Event-Id': 'evt_1' }, timeoutMs, allowedHosts: new Set(allowed) });

  it('refuses loopback, private and link-local targets without connecting when they are not allowlisted', async () => {
    const before = received.length;
    await expect(safePost(`http://127.0.0.1:${port}/hook`, '{}', options([]))).resolves.toEqual({ error: expect.stringMatching(/refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1/) });
    await expect(safePost(`https://[::1]:${port}/hook`, '{}', options([]))).resolves.toEqual({ error: expect.stringMatching(/refused/) });
    await expect(safePost('https://169.254.169.254/latest', '{}', options([]))).resolves.toEqual({ error: expect.stringMatching(/refused/) });
    await expect(safePost(`http://localhost:${port}/hook`, '{}', options([]))).resolves.toEqual({ error: expect.stringMatching(/this machine/) });
    expect(received.length).toBe(before);
  });

  it('POSTs the body with the given headers to an allowlisted host and reports the status', async () => {
    answer = 202;
    await expect(safePost(`http://127.0.0.1:${port}/hook`, '{"a":1}', options(['127.0.0.1']))).resolves.toEqual({ statusCode: 202 });
    const last = received.at(-1)!;
    expect(last.body).toBe('{"a":1}');
    expect(last.headers).toMatchObject({ 'sigma-event-id': 'evt_1', 'content-type': 'application/json' });
  });

  it('gives up after the timeout when no answer comes', async () => {
    answer = 'hang';
    const started = Date.now();
    await expect(safePost(`http://127.0.0.1:${port}/hook`, '{}', options(['127.0.0.1'], 300))).resolves.toEqual({ error: expect.stringMatching(/timed out/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
