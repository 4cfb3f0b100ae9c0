import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createHttp } from './http';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createHttp', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('renews an expired access token once and repeats the request with the new one', async () => {
    let token = 'old';
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
      (init.headers as Record<string, string>).authorization === 'Bearer new' ? json(200, { ok: true }) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const refresh = vi.fn(async () => {
      token = 'new';
      return true;
    });
    const onUnauthorized = vi.fn();
    const http = createHttp({ baseUrl: '/api/v1', token: () => token, refresh, onUnauthorized });
    await expect(http('GET', '/me')).resolves.toMatchObject({ data: { ok: true } });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('ends the session when the token cannot be renewed, and reports the refusal', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', code: 'unauthorized' })));
    const onUnauthorized = vi.fn();
    const http = createHttp({ baseUrl: '/api/v1', token: () => 'old', refresh: async () => false, onUnauthorized });
    const error = await http('GET', '/change-sets').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('sends no token for sign-in, turns a non-JSON failure and a network failure into ApiErrors', async () => {
    const fetchMock = vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    vi.stubGlobal('fetch', fetchMock);
    const http = createHttp({ baseUrl: '/api/v1', token: () => 'session-token' });
    const bad = (await http('POST', '/auth/token', { body: { username: 'a', password: 'b' }, token: null }).catch((caught: unknown) => caught)) as ApiError;
    expect((fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers).not.toHaveProperty('authorization');
    expect([bad.status, bad.body.error, bad.body.message]).toEqual([502, 'Bad Gateway', '<html>Bad gateway</html>']);
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const offline = (await http('GET', '/change-sets').catch((caught: unknown) => caught)) as ApiError;
    expect([offline.status, offline.body.message]).toEqual([0, 'The server could not be reached (Failed to fetch)']);
  });
});
