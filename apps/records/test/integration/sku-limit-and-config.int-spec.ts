import { ConfigError, loadConfig } from '@sigma/config';
import { TEST_NATS_URL } from '@sigma/testing';
import { startRecordsService } from '../../src/bootstrap';
import { DEMO_RECORDS } from '../../src/demo/demo-workspace';
import { RecordsConfig } from '../../src/records.settings';
import { apparel, count, createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

const DEMO_COUNT = DEMO_RECORDS.length;

describe('SKU limit (records service, real PG + NATS)', () => {
  const LIMIT = DEMO_COUNT + 3;
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;

  beforeAll(async () => {
    bed = await createRecordsTestBed('skulimit');
    ({ rpc } = await bed.start({ SKU_LIMIT: String(LIMIT), DB_POOL_SIZE: '12' }));
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it(`allows creates up to the limit and refuses the N+1th with sku-limit-reached, writing nothing`, async () => {
    for (let index = DEMO_COUNT; index < LIMIT; index++) await rpc.ok('records.record.create', apparel(`LIM-${index}`));
    expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(LIMIT);
    const outbox = await count(bed.pg, 'SELECT 1 FROM outbox');

    const error = await rpc.fail('records.record.create', apparel('LIM-OVER'));
    expect(error).toEqual({ code: 'sku-limit-reached', message: expect.stringContaining(String(LIMIT)), details: { limit: LIMIT, count: LIMIT } });
    expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(LIMIT);
    expect(await count(bed.pg, 'SELECT 1 FROM outbox')).toBe(outbox);
    expect(await count(bed.pg, `SELECT 1 FROM unique_value WHERE value_key = '"LIM-OVER"'`)).toBe(0);
  });

  it('at the limit still allows reads, updates and deletes', async () => {
    expect((await rpc.ok('records.record.list', { offset: 0, limit: 50 })).total).toBe(LIMIT);
    const updated = await rpc.ok('records.record.update', { id: 'ent-001', values: { material: [{ scope: {}, value: 'Oxford cotton' }] } });
    expect(updated.values.material).toEqual([{ scope: {}, value: 'Oxford cotton' }]);
  });

  it('reports invalid values before the limit: a bad create at the limit is still a validation error', async () => {
    const error = await rpc.fail('records.record.create', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'lower' }] } });
    expect(error).toMatchObject({ code: 'validation-failed', details: [{ rule: 'pattern', attributeAlias: 'sku' }] });
  });

  it('frees a slot when a record is deleted', async () => {
    const victim = (await rpc.ok('records.record.list', { offset: 0, limit: 500 })).items.find((record) => record.values.sku?.[0]?.value === 'LIM-4');
    expect(victim).toBeDefined();
    await rpc.ok('records.record.delete', { id: victim!.id });
    expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(LIMIT - 1);
    await rpc.ok('records.record.create', apparel('LIM-REPLACEMENT'));
    expect((await rpc.fail('records.record.create', apparel('LIM-OVER-2'))).code).toBe('sku-limit-reached');
  });

  const findBySku = async (sku: string) =>
    (await rpc.ok('records.record.list', { offset: 0, limit: 500 })).items.find((record) => record.values.sku?.[0]?.value === sku);

  it('counts variants as records', async () => {
    await rpc.ok('records.record.delete', { id: (await findBySku('LIM-REPLACEMENT'))!.id });
    const variant = await rpc.ok('records.record.create', apparel('VARIANT-1', 'Variant', 'ent-001'));
    expect(variant.parentId).toBe('ent-001');
    expect((await rpc.fail('records.record.create', apparel('LIM-OVER-3'))).code).toBe('sku-limit-reached');
  });

  it('10 concurrent creates at limit-1: exactly one succeeds, the others get sku-limit-reached', async () => {
    await rpc.ok('records.record.delete', { id: (await findBySku('VARIANT-1'))!.id });
    expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(LIMIT - 1);
    const outbox = await count(bed.pg, 'SELECT 1 FROM outbox');

    const replies = await Promise.all(Array.from({ length: 10 }, (_, index) => rpc.call('records.record.create', apparel(`RUSH-${index}`))));
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    const codes = replies.filter((reply) => !reply.ok).map((reply) => (reply.ok ? undefined : reply.error.code));
    expect(codes).toEqual(Array(9).fill('sku-limit-reached'));
    expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(LIMIT);
    expect(await count(bed.pg, 'SELECT 1 FROM outbox')).toBe(outbox + 1);
    expect(await count(bed.pg, `SELECT 1 FROM unique_value WHERE value_key LIKE '"RUSH-%'`)).toBe(1);
  });

  it('SKU_LIMIT=0 refuses every create', async () => {
    const other = await bed.start({ SKU_LIMIT: '0' });
    expect((await other.rpc.fail('records.record.create', apparel('ZERO-1'))).code).toBe('sku-limit-reached');
    await other.stop();
  });

  it('unset means unlimited', async () => {
    const unlimited = await bed.start({});
    await unlimited.rpc.ok('records.record.create', apparel('UNLIMITED-1'));
    expect(await count(bed.pg, 'SELECT 1 FROM record')).toBe(LIMIT + 1);
    await unlimited.stop();
  });
});

describe('configuration is validated at boot', () => {
  const base = { NODE_ENV: 'test', NATS_URL: TEST_NATS_URL };

  function problemsOf(env: NodeJS.ProcessEnv): string[] {
    try {
      loadConfig('records', RecordsConfig, env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error('loadConfig accepted the configuration');
  }

  it.each([
    ['DATABASE_URL', 'mysql://root@127.0.0.1/sigma'],
    ['DATABASE_URL', 'not a url'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['SKU_LIMIT', '-1'],
    ['SKU_LIMIT', '1.5'],
    ['SKU_LIMIT', 'lots'],
    ['DEMO_DATA', 'maybe'],
    ['NATS_SUBJECT_PREFIX', 'has.dots'],
    ['DB_POOL_SIZE', '0'],
  ])('rejects %s=%s with a ConfigError naming the variable', (name, value) => {
    const problems = problemsOf({ ...base, [name]: value });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(new RegExp(`^${name}: `));
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ ...base, DATABASE_URL: 'mysql://x', SKU_LIMIT: '-1' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'SKU_LIMIT']);
  });

  it('accepts a good configuration and reads the SKU limit as a number', () => {
    const config = loadConfig('records', RecordsConfig, { ...base, DATABASE_URL: 'postgres://u@h:5432/db', SKU_LIMIT: '500', DEMO_DATA: 'false' });
    expect(config.SKU_LIMIT).toBe(500);
    expect(config.DEMO_DATA).toBe(false);
    expect(loadConfig('records', RecordsConfig, base).SKU_LIMIT).toBeUndefined();
  });

  it('requires DATABASE_URL and NATS_URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^DATABASE_URL: /), expect.stringMatching(/^NATS_URL: /)]));
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@127.0.0.1/sigma' }],
    ['SKU_LIMIT', { SKU_LIMIT: '-1' }],
  ])('startRecordsService fails fast on a bad %s, before connecting anywhere', async (name, env) => {
    const started = Date.now();
    const failure = startRecordsService({ ...base, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_created_db', ...env });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(new RegExp(`${name}: `));
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
