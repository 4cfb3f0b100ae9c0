import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { createSigmaApi, LOADED_OPERATIONS_MAX } from './sigma-api';

const BASE = 'http://review.test/api/v1';
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
/** The requests the app sent, as the SDK built them. */
const sent = (fetchMock: ReturnType<typeof vi.fn>) => fetchMock.mock.calls.map(([request]) => request as Request);

describe('createSigmaApi (over the generated SDK)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('renews an expired access token once and repeats the request with the new one', async () => {
    let token = 'old';
    const fetchMock = vi.fn(async (request: Request) =>
      request.headers.get('authorization') === 'Bearer new' ? json(200, { id: 'cs_1' }) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const refresh = vi.fn(async () => {
      token = 'new';
      return true;
    });
    const onUnauthorized = vi.fn();
    const api = createSigmaApi({ baseUrl: BASE, token: () => token, refresh, onUnauthorized });
    await expect(api.changeSets.approveOperation('cs_1', 'cop-1', 'Fine')).resolves.toEqual({ id: 'cs_1' });
    expect(refresh).toHaveBeenCalledTimes(1);
    const [first, second] = sent(fetchMock);
    expect([first.method, first.url, first.headers.get('authorization')]).toEqual(['POST', `${BASE}/change-sets/cs_1/operations/cop-1/approve`, 'Bearer old']);
    expect([second.url, second.headers.get('authorization'), await second.text()]).toEqual([first.url, 'Bearer new', '{"reviewNote":"Fine"}']);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('ends the session when the token cannot be renewed, and reports the refusal', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Missing or invalid access token', code: 'unauthorized' })));
    const onUnauthorized = vi.fn();
    const api = createSigmaApi({ baseUrl: BASE, token: () => 'old', refresh: async () => false, onUnauthorized });
    const error = await api.changeSets.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unauthorized');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('sends no token for sign-in, turns a non-JSON failure and a network failure into ApiErrors', async () => {
    const fetchMock = vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    vi.stubGlobal('fetch', fetchMock);
    const onUnauthorized = vi.fn();
    const api = createSigmaApi({ baseUrl: BASE, token: () => 'session-token', onUnauthorized });
    const bad = (await api.signIn('a', 'b').catch((caught: unknown) => caught)) as ApiError;
    expect(sent(fetchMock)[0].headers.get('authorization')).toBeNull();
    expect([bad.status, bad.body.error, bad.body.message]).toEqual([502, 'Bad Gateway', '<html>Bad gateway</html>']);
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const offline = (await createSigmaApi({ baseUrl: BASE, token: () => 'session-token' })
      .changeSets.get('cs_1')
      .catch((caught: unknown) => caught)) as ApiError;
    expect([offline.status, offline.body.message]).toEqual([0, 'The server could not be reached (Failed to fetch)']);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reads list totals from X-Total-Count and sends the filters as the document names them', async () => {
    const fetchMock = vi.fn(async () => json(200, [{ id: 'cs_1' }], { 'x-total-count': '42' }));
    vi.stubGlobal('fetch', fetchMock);
    const api = createSigmaApi({ baseUrl: BASE, token: () => 't' });
    await expect(api.changeSets.list({ status: 'pending_approval', sourceType: 'agent', offset: 50, limit: 25 })).resolves.toEqual({ items: [{ id: 'cs_1' }], total: 42 });
    await expect(api.changeSets.count({ status: 'approved' })).resolves.toBe(42);
    expect(sent(fetchMock).map((request) => request.url)).toEqual([
      `${BASE}/change-sets?status=pending_approval&sourceType=agent&offset=50&limit=25`,
      `${BASE}/change-sets?status=approved&limit=1`,
    ]);
  });

  it('sends per-change and bulk decisions as the document names them, allowStale only when confirmed', async () => {
    const fetchMock = vi.fn(async () => json(200, { id: 'cs_1' }));
    vi.stubGlobal('fetch', fetchMock);
    const api = createSigmaApi({ baseUrl: BASE, token: () => 't' });
    await api.changeSets.decideChanges('cs_1', 'cop-1', [{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, decision: 'reject' }]);
    await api.changeSets.decideChanges('cs_1', 'cop-1', [{ attributeAlias: 'price', scope: {}, decision: 'approve' }], true);
    await api.changeSets.decideOperations('cs_1', { decision: 'approve', filter: { attributeAlias: 'material', stale: false }, reviewNote: 'Sampled' });
    await api.changeSets.decideOperations('cs_1', { decision: 'reject', filter: {} });
    const requests = sent(fetchMock);
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `POST ${BASE}/change-sets/cs_1/operations/cop-1/changes/decide`,
      `POST ${BASE}/change-sets/cs_1/operations/cop-1/changes/decide`,
      `POST ${BASE}/change-sets/cs_1/operations/decide`,
      `POST ${BASE}/change-sets/cs_1/operations/decide`,
    ]);
    expect(await Promise.all(requests.map(async (request) => JSON.parse(await request.text())))).toEqual([
      { decisions: [{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, decision: 'reject' }] },
      { decisions: [{ attributeAlias: 'price', scope: {}, decision: 'approve' }], allowStale: true },
      { decision: 'approve', filter: { attributeAlias: 'material', stale: false }, reviewNote: 'Sampled' },
      { decision: 'reject', filter: {} },
    ]);
  });

  it('tells a quick apply (200, the result) from one that runs on (202, its progress)', async () => {
    const progress = { done: 10, applied: 9, failed: 1, total: 500 };
    vi.stubGlobal(
      'fetch',
      vi
        .fn()
        .mockResolvedValueOnce(json(200, { applied: 2, skipped: 1, errors: [] }))
        .mockResolvedValueOnce(json(202, { changeSetId: 'cs_1', status: 'applying', applyProgress: progress }, { location: '/api/v1/change-sets/cs_1' })),
    );
    const api = createSigmaApi({ baseUrl: BASE, token: () => 't' });
    await expect(api.changeSets.apply('cs_1')).resolves.toEqual({ accepted: false, result: { applied: 2, skipped: 1, errors: [] } });
    await expect(api.changeSets.apply('cs_1')).resolves.toEqual({ accepted: true, progress });
  });

  it('reads revisions, a revision diff and a completeness preview page at their paths', async () => {
    const fetchMock = vi.fn(async () => json(200, []));
    vi.stubGlobal('fetch', fetchMock);
    const api = createSigmaApi({ baseUrl: BASE, token: () => 't' });
    await api.changeSets.revisions('cs_1');
    await api.changeSets.revisionDiff('cs_1', 2);
    await api.changeSets.completenessPreview('cs_1', { limit: 200 });
    expect(sent(fetchMock).map((request) => request.url)).toEqual([
      `${BASE}/change-sets/cs_1/revisions`,
      `${BASE}/change-sets/cs_1/revisions/2/diff`,
      `${BASE}/change-sets/cs_1/completeness-preview?limit=200`,
    ]);
  });

  it('reads a set answered as a summary by its operation pages, up to the cap; status polls read the summary alone', async () => {
    const summary = { id: 'cs_big', operationsOmitted: true, operationCount: 12_000, operations: [] };
    const fetchMock = vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname.endsWith('/operations')) {
        const from = Number(url.searchParams.get('cursor') ?? 0);
        const items = Array.from({ length: 500 }, (_, i) => ({ id: `op_${from + i}` }));
        return json(200, { items, total: 12_000, nextCursor: String(from + 500) });
      }
      return json(200, summary);
    });
    vi.stubGlobal('fetch', fetchMock);
    const api = createSigmaApi({ baseUrl: BASE, token: () => 't' });
    const read = await api.changeSets.get('cs_big');
    expect(read.operations).toHaveLength(LOADED_OPERATIONS_MAX);
    expect(read).toMatchObject({ operationsOmitted: true, operationCount: 12_000 });
    expect(read.operations[500].id).toBe('op_500');
    const urls = sent(fetchMock).map((request) => request.url);
    expect(urls[0]).toBe(`${BASE}/change-sets/cs_big`);
    expect(urls.slice(1, 3)).toEqual([`${BASE}/change-sets/cs_big/operations?limit=500`, `${BASE}/change-sets/cs_big/operations?limit=500&cursor=500`]);
    expect(urls).toHaveLength(1 + LOADED_OPERATIONS_MAX / 500);

    fetchMock.mockClear();
    expect(await api.changeSets.status('cs_big')).toEqual(summary);
    expect(sent(fetchMock)).toHaveLength(1);
  });
});
