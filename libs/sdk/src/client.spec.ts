import { createSigmaClient } from './client';

/** The client's own credential handling, against a scripted fetch (the e2e tests run it against the real API). */
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const unauthorized = () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'expired', code: 'unauthorized' });

function scripted(answer: (request: Request, body: string) => Response) {
  const seen: { url: string; authorization: string | null; apiKey: string | null; body: string }[] = [];
  const fetch = jest.fn(async (request: Request) => {
    const body = await request.text();
    seen.push({ url: request.url, authorization: request.headers.get('authorization'), apiKey: request.headers.get('x-api-key'), body });
    return answer(request, body);
  });
  return { fetch, seen };
}

describe('createSigmaClient', () => {
  const baseUrl = 'http://sigma.test/api/v1';

  it('sends an API key as X-API-Key and a token as Authorization: Bearer, and neither when the token function gives none', async () => {
    const { fetch, seen } = scripted(() => json(200, { ok: true }));
    await createSigmaClient({ baseUrl, apiKey: 'sk_1', fetch }).GET('/me');
    await createSigmaClient({ baseUrl, token: 'jwt', fetch }).GET('/me');
    await createSigmaClient({ baseUrl, token: () => undefined, fetch }).GET('/me');
    expect(seen.map(({ url, authorization, apiKey }) => ({ url, authorization, apiKey }))).toEqual([
      { url: `${baseUrl}/me`, authorization: null, apiKey: 'sk_1' },
      { url: `${baseUrl}/me`, authorization: 'Bearer jwt', apiKey: null },
      { url: `${baseUrl}/me`, authorization: null, apiKey: null },
    ]);
    expect(() => createSigmaClient({ baseUrl, token: 't', apiKey: 'k' })).toThrow('pass token or apiKey, not both');
  });

  it('renews an expired token once and sends the request again, body included, with the new one', async () => {
    let token = 'old';
    const { fetch, seen } = scripted((request) => (request.headers.get('authorization') === 'Bearer new' ? json(201, { id: 'cs_1' }) : unauthorized()));
    const renewToken = jest.fn(async () => {
      token = 'new';
      return true;
    });
    const client = createSigmaClient({ baseUrl, token: () => token, renewToken, fetch });
    const { data, response } = await client.POST('/change-sets/{id}/messages', {
      params: { path: { id: 'cs_1' } },
      body: { authorId: 'user-agent', authorName: 'agent', authorType: 'agent', body: 'Revised.' },
    });
    expect(response.status).toBe(201);
    expect(data).toEqual({ id: 'cs_1' });
    expect(renewToken).toHaveBeenCalledTimes(1);
    expect(seen.map((request) => request.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(JSON.parse(seen[1].body)).toMatchObject({ body: 'Revised.' });
  });

  it('answers the 401 when the token cannot be renewed, and never renews for an API key', async () => {
    const { fetch, seen } = scripted(() => unauthorized());
    const renewToken = jest.fn(async () => false);
    const refused = await createSigmaClient({ baseUrl, token: 'old', renewToken, fetch }).GET('/me');
    expect(refused.response.status).toBe(401);
    expect(refused.error).toMatchObject({ code: 'unauthorized' });
    expect(renewToken).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(1);
    const keyed = await createSigmaClient({ baseUrl, apiKey: 'sk_revoked', fetch }).GET('/me');
    expect(keyed.response.status).toBe(401);
    expect(seen).toHaveLength(2);
  });
});
