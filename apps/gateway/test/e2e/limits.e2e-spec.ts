import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Limits, through the gateway: body size (413), list limit (400 over 500), per-token rate limit
 * (429 + Retry-After), and a stopped service answers 503 quickly instead of hanging.
 */
jest.setTimeout(120000);

const RATE_LIMIT_PER_MINUTE = 40;

describe('limits (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'limits', env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE), BODY_LIMIT_BYTES: '65536' } });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers 413 in the error shape (code payload-too-large) to a body over BODY_LIMIT_BYTES, and writes nothing', async () => {
    const token = await system.api.token('editor');
    const before = (await system.api.request('GET', '/records?limit=1', { token })).body.total;
    const huge = 'x'.repeat(70_000);
    const response = await system.api.request('POST', '/records', {
      token,
      body: { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'BIG-1' }], material: [{ scope: {}, value: huge }] } },
    });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.any(String), code: 'payload-too-large' });
    expect((await system.api.request('GET', '/records?limit=1', { token })).body.total).toBe(before);
  });

  it('answers 400 to a list limit over 500', async () => {
    const response = await system.api.as('viewer', 'GET', '/records?limit=501');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation-failed');
  });

  it('answers 429 with Retry-After once a token spends its budget; other tokens and /health are unaffected', async () => {
    const reviewer = await system.api.token('reviewer');
    const responses = [];
    for (let i = 0; i < RATE_LIMIT_PER_MINUTE + 5; i += 1) responses.push(await system.api.request('GET', '/records/ent-001', { token: reviewer }));
    const limited = responses.filter((response) => response.status === 429);
    expect(responses.filter((response) => response.status === 200).length).toBeLessThanOrEqual(RATE_LIMIT_PER_MINUTE);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited[0].body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'rate-limited' });
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await system.api.as('admin', 'GET', '/records/ent-001')).status).toBe(200);
    expect((await system.api.request('GET', '/health')).status).toBe(200);
  });

  it('answers 503 (code service-unavailable) within a second when the service behind an endpoint is down', async () => {
    const token = await system.api.token('viewer');
    await system.services.find((service) => service.name === 'workflow')!.stop();
    const started = Date.now();
    const response = await system.api.request('GET', '/records/ent-001/completeness', { token });
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', code: 'service-unavailable' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
