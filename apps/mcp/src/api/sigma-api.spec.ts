import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginAuth } from './credentials';
import { ApiError, ApiUnreachable, SigmaApi } from './sigma-api';

/** The API module over the SDK, against a scripted HTTP server (the e2e tests run it against the real API). */
type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const seen: { method?: string; url?: string; apiKey?: string; authorization?: string; body: string }[] = [];
let handler: Handler;
let server: Server;
let baseUrl: string;

const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, apiKey: req.headers['x-api-key'] as string, authorization: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (seen.length = 0));

describe('SigmaApi', () => {
  it('sends the agent\'s API key and reads a list\'s X-Total-Count', async () => {
    handler = (_req, _body, res) => reply(res, 200, [{ id: 'cs_1' }], { 'x-total-count': '7' });
    const api = new SigmaApi({ baseUrl, auth: { apiKey: 'sk_agent' } });
    await expect(api.listChangeSets({ status: 'revision_requested', limit: 5 })).resolves.toEqual({ items: [{ id: 'cs_1' }], total: 7 });
    expect(seen).toEqual([{ method: 'GET', url: '/api/v1/change-sets?status=revision_requested&limit=5', apiKey: 'sk_agent', body: '' }]);
  });

  it('turns a refusal into an ApiError naming the request, with the field issues', async () => {
    handler = (_req, _body, res) =>
      reply(res, 400, { statusCode: 400, error: 'Bad Request', message: 'invalid', code: 'validation-failed', details: [{ field: 'title', rule: 'minLength', message: 'too short' }] });
    const api = new SigmaApi({ baseUrl, auth: { token: 'jwt' } });
    const error = (await api.createChangeSet({ title: '', source: { type: 'agent', name: 'Claude' }, operations: [] }).catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.request, error.issues]).toEqual([400, 'validation-failed', 'POST /api/v1/change-sets', [{ field: 'title', rule: 'minLength', message: 'too short' }]]);
    expect(seen[0].authorization).toBe('Bearer jwt');
    expect(JSON.parse(seen[0].body)).toMatchObject({ title: '', source: { name: 'Claude' } });
  });

  it('filters records with JSON text in the query, as the API takes it', async () => {
    handler = (_req, _body, res) => reply(res, 200, { items: [], total: 0, offset: 0, limit: 20 });
    await new SigmaApi({ baseUrl, auth: { apiKey: 'sk_agent' } }).listRecords({ schemaId: 'schema-apparel', filters: [{ attribute: 'material', operator: 'eq', value: 'wool' }], limit: 20 });
    const url = new URL(seen[0].url!, 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ schemaId: 'schema-apparel', filters: '[{"attribute":"material","operator":"eq","value":"wool"}]', limit: '20' });
  });

  it('signs in again when the token expires and repeats the call once', async () => {
    let issued = 0;
    handler = (req, _body, res) => {
      if (req.url === '/api/v1/auth/token') return reply(res, 200, { accessToken: `t${++issued}`, tokenType: 'Bearer', expiresIn: 900 });
      return req.headers.authorization === 'Bearer t2'
        ? reply(res, 200, { id: 'user-agent', username: 'agent', displayName: 'Agent', roles: ['role-agent'], authType: 'jwt', serviceAccount: false })
        : reply(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'expired', code: 'unauthorized' });
    };
    const api = new SigmaApi({ baseUrl, auth: loginAuth(() => SigmaApi.requestToken(baseUrl, 'agent', 'agent-demo')) });
    await expect(api.caller()).resolves.toEqual({ userId: 'user-agent', username: 'agent', roles: ['role-agent'] });
    expect(seen.map(({ url, authorization }) => `${url} ${authorization ?? '-'}`)).toEqual(['/api/v1/auth/token -', '/api/v1/me Bearer t1', '/api/v1/auth/token -', '/api/v1/me Bearer t2']);
  });

  it('says the API did not answer when it is down or too slow', async () => {
    handler = () => undefined; // never answers
    const slow = await new SigmaApi({ baseUrl, auth: { apiKey: 'sk_agent' }, timeoutMs: 200 }).getChangeSet('cs_1').catch((caught: unknown) => caught);
    expect(slow).toBeInstanceOf(ApiUnreachable);
    expect((slow as Error).message).toBe('GET /api/v1/change-sets/cs_1: no answer in time');
    const down = await new SigmaApi({ baseUrl: 'http://127.0.0.1:9/api/v1', auth: { apiKey: 'sk_agent' } }).listSchemas().catch((caught: unknown) => caught);
    expect(down).toBeInstanceOf(ApiUnreachable);
    expect((down as Error).message).toMatch(/^GET \/api\/v1\/schemas: /);
  });
});
