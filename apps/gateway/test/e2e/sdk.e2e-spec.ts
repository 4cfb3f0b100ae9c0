import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@sigma/config';
import { createSigmaClient, type Schemas } from '@sigma/sdk';
import { startTestSystem, type TestSystem } from '@sigma/testing';

/** The README's example as the build compiled it (tools/sdk/examples/quickstart.ts), run as a user would. */
function quickstart(baseUrl: string): Promise<Schemas['ChangeSet']> {
  const compiled = join(repoRoot(), 'dist/tools/sdk/examples/quickstart.js');
  return (require(compiled) as { quickstart: (baseUrl: string) => Promise<Schemas['ChangeSet']> }).quickstart(baseUrl);
}

/** The generated SDK against a real system: the document it was generated from is the one served. */
describe('the TypeScript SDK (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'sdk' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('was generated from the document the gateway serves', async () => {
    const served = await system.api.request('GET', '/docs/openapi.json');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^application\/json/);
    expect(served.body).toEqual(JSON.parse(readFileSync(join(repoRoot(), 'libs/sdk/openapi.json'), 'utf8')));
  });

  it('runs the README quickstart: a record created, a change set proposed and submitted', async () => {
    const changeSet = await quickstart(system.baseUrl);
    expect(changeSet).toMatchObject({ status: 'pending_approval', source: { type: 'agent', name: 'Copywriter' }, createdBy: 'user-agent' });
    expect(changeSet.operations).toEqual([
      expect.objectContaining({ type: 'update', status: 'pending', entitySku: 'HC-001', entityName: 'Harbour Cardigan' }),
    ]);
    const { data: record } = await system.api.sdk('viewer').GET('/records/{id}', { params: { path: { id: changeSet.operations[0].entityId! } } });
    expect(record?.values['product-name']).toContainEqual({ scope: {}, value: 'Harbour Cardigan' });
  });

  it('answers errors as typed ErrorBody values, and sends the token a function gives', async () => {
    let calls = 0;
    const client = createSigmaClient({
      baseUrl: system.baseUrl,
      token: async () => {
        calls += 1;
        return system.api.token('viewer');
      },
    });
    const missing = await client.GET('/records/{id}', { params: { path: { id: 'ent-missing' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.data).toBeUndefined();
    expect(missing.error).toMatchObject({ statusCode: 404, code: 'not-found', details: { recordId: 'ent-missing' } });
    const refused = await client.POST('/records', { body: { schemaId: 'schema-apparel', values: {} } });
    expect(refused.error).toMatchObject({ statusCode: 403, code: 'forbidden' });
    expect(calls).toBe(2);
    const anonymous = await system.api.sdk('anonymous').GET('/records', {});
    expect(anonymous.error).toMatchObject({ statusCode: 401, code: 'unauthorized' });
  });

  it('answers no CORS headers while CORS_ORIGINS is unset', async () => {
    const preflight = await fetch(`${system.baseUrl}/records`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${system.baseUrl}/health`, { headers: { origin: 'https://shop.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });
});
