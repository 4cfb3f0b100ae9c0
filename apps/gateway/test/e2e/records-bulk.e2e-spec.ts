import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

jest.setTimeout(180000);

type LineResult = { line: number; status: string; id?: string; version?: number; error?: { code: string; message: string; details?: { field: string; rule: string }[] } };

const line = (value: unknown) => JSON.stringify(value);
const apparel = (sku: string, material = 'Cotton') => ({ sku, schemaId: 'schema-apparel', values: { material: [{ scope: {}, value: material }] } });

/** POST /records/bulk: trusted NDJSON upserts, one answer line per input line. */
describe('records bulk upsert (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'records-bulk' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function bulk(ndjson: string, query = '', user = 'editor') {
    const response = await system.api.request('POST', `/records/bulk${query}`, {
      token: await system.api.token(user),
      headers: { 'content-type': 'application/x-ndjson' },
      rawBody: ndjson,
    });
    const lines = typeof response.body === 'string' ? (response.body.trim() ? response.body.trim().split('\n').map((text) => JSON.parse(text) as LineResult) : []) : undefined;
    return { status: response.status, contentType: response.headers.get('content-type'), lines, body: response.body };
  }

  const bySku = async (sku: string) => (await system.api.as('viewer', 'GET', `/records?sku=${encodeURIComponent(sku)}`)).body.items as { id: string; version: number; values: Record<string, { value: unknown }[]> }[];

  it('creates by sku, updates by sku and by id, and says which lines were unchanged or failed, without stopping the others', async () => {
    const first = await bulk([line(apparel('BULK-1')), line(apparel('BULK-2')), line(apparel('BULK-3'))].join('\n'));
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/application\/x-ndjson/);
    expect(first.lines?.map((result) => [result.line, result.status, result.version])).toEqual([
      [1, 'created', 1],
      [2, 'created', 1],
      [3, 'created', 1],
    ]);
    const [record2] = await bySku('BULK-2');
    const second = await bulk(
      [
        line({ sku: 'BULK-1', values: { material: [{ scope: {}, value: 'Linen' }] } }),
        line({ id: record2.id, values: { material: [{ scope: {}, value: 'Wool' }] } }),
        '',
        line(apparel('BULK-3')),
        line({ sku: 'BULK-4', schemaId: 'schema-apparel', values: { price: [{ scope: { 'dim-market': 'seg-dk' }, value: 'cheap' }] } }),
        '{"sku": "BULK-5", ',
        line({ sku: 'BULK-6', values: {} }),
        line({ values: {} }),
        line({ sku: 'BULK-1', values: {} }),
      ].join('\n'),
    );
    expect(second.status).toBe(200);
    const summary = second.lines?.map((result) => [result.line, result.status, result.error?.details?.[0]?.field, result.error?.details?.[0]?.rule]);
    expect(summary).toEqual([
      [1, 'updated', undefined, undefined],
      [2, 'updated', undefined, undefined],
      [4, 'unchanged', undefined, undefined],
      [5, 'failed', 'values.price[0].value', expect.any(String)],
      [6, 'failed', 'line', 'json'],
      [7, 'failed', 'schemaId', 'required'],
      [8, 'failed', 'id', 'required'],
      [9, 'failed', 'sku', 'unique-in-request'],
    ]);
    expect((await bySku('BULK-1'))[0].values.material[0].value).toBe('Linen');
    expect((await bySku('BULK-1'))[0].version).toBe(2);
    expect((await system.api.as('viewer', 'GET', `/records/${record2.id}`)).body.values.material[0].value).toBe('Wool');
    expect(await bySku('BULK-4')).toEqual([]);
    // Each line is audited like a single write.
    const audit = await eventually(async () => {
      const entries = (await system.api.as('viewer', 'GET', `/records/${record2.id}/audit`)).body as { action: string }[];
      expect(entries).toHaveLength(2);
      return entries;
    });
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'update']);
  });

  it('atomic=true writes all lines or none: one bad line rolls back the others', async () => {
    const refused = await bulk([line(apparel('ATOM-1')), line({ sku: 'ATOM-2', schemaId: 'schema-apparel', values: { 'garment-type': [{ scope: {}, value: 'spaceship' }] } })].join('\n'), '?atomic=true');
    expect(refused.status).toBe(200);
    expect(refused.lines?.map((result) => result.status)).toEqual(['rolled-back', 'failed']);
    expect(await bySku('ATOM-1')).toEqual([]);
    const accepted = await bulk([line(apparel('ATOM-1')), line(apparel('ATOM-2'))].join('\n'), '?atomic=true');
    expect(accepted.lines?.map((result) => result.status)).toEqual(['created', 'created']);
    expect(await bySku('ATOM-2')).toHaveLength(1);
  });

  it('takes 1,000 lines in one request', async () => {
    const lines = Array.from({ length: 1000 }, (_, index) => line(apparel(`MANY-${index}`, index % 2 ? 'Cotton' : 'Linen')));
    const result = await bulk(lines.join('\n'));
    expect(result.status).toBe(200);
    expect(result.lines).toHaveLength(1000);
    expect(result.lines?.every((entry, index) => entry.status === 'created' && entry.line === index + 1)).toBe(true);
    const page = (await system.api.as('viewer', 'GET', '/records?sku=MANY-999')).body;
    expect(page.items).toHaveLength(1);
  });

  it('refuses a viewer, an empty body, too many lines and a bad atomic flag, writing nothing', async () => {
    expect((await bulk(line(apparel('VIEW-1')), '', 'viewer')).status).toBe(403);
    const empty = await bulk('');
    expect(empty.status).toBe(400);
    expect((empty.body as { details: { field: string }[] }).details[0].field).toBe('body');
    const tooMany = await bulk(Array.from({ length: 5001 }, (_, index) => line(apparel(`TOO-${index}`))).join('\n'));
    expect(tooMany.status).toBe(400);
    expect((tooMany.body as { details: { rule: string }[] }).details[0].rule).toBe('maxLines');
    const flag = await bulk(line(apparel('FLAG-1')), '?atomic=maybe');
    expect(flag.status).toBe(400);
    expect((flag.body as { details: { field: string }[] }).details[0].field).toBe('atomic');
    expect(await bySku('VIEW-1')).toEqual([]);
    expect(await bySku('TOO-0')).toEqual([]);
    expect(await bySku('FLAG-1')).toEqual([]);
  });
});
