import { Client } from 'pg';
import { startTestSystem, type TestSystem } from '@sigma/testing';

jest.setTimeout(120000);

const bucket = (from: number, records: number) => ({ from, to: from === 100 ? 100 : from + 9, records });
const nonEmpty = (buckets: { records: number }[]) => buckets.filter((entry) => entry.records > 0);
const lang = (segment: string) => ({ 'dim-language': segment });
const BULK = 2500;

/**
 * GET /schemas/:schemaId/completeness: the completeness of every record of a schema through the
 * gateway, workflow and records (answered from the scores records keeps on every write), checked
 * against the demo workspace worked by hand. Definition changes are re-scored in the background:
 * `report` waits until the answer says it is current, as a client that needs exact figures does.
 */
describe('schema completeness report (e2e)', () => {
  let system: TestSystem;
  let pg: Client;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'schema-completeness' });
    pg = new Client({ connectionString: system.database.url, application_name: 'schema-completeness-test' });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    await system?.stop();
  });

  const ask = (query = '', role = 'viewer', schemaId = 'schema-apparel') => system.api.as(role, 'GET', `/schemas/${schemaId}/completeness${query}`);
  /** The answer once it is current (errors at once). */
  const report = async (query = '', role = 'viewer', schemaId = 'schema-apparel') => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await ask(query, role, schemaId);
      if (response.status !== 200 || response.body.current === true || Date.now() > deadline) return response;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('scores the demo records against their own state (draft: product-name per language + sku)', async () => {
    const response = await report();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      schemaId: 'schema-apparel',
      lifecycleStateId: null,
      records: 4,
      complete: 3,
      // (100 + 100 + 100 + 33) / 4
      averagePercentage: 83.3,
      mostMissing: [
        { attributeAlias: 'product-name', scope: lang('seg-da'), records: 1 },
        { attributeAlias: 'product-name', scope: lang('seg-de'), records: 1 },
      ],
      unscored: [],
    });
    expect(response.body.buckets).toHaveLength(11);
    expect(response.body.buckets[0]).toEqual(bucket(0, 0));
    expect(nonEmpty(response.body.buckets)).toEqual([bucket(30, 1), bucket(100, 3)]);
    expect(Date.parse(response.body.scoredAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(response.body).toMatchObject({ current: true, pendingRecords: 0, pendingSince: null });
    expect(response.body.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('scores every record against ?lifecycleStateId, with guards per record, and agrees with the per-record endpoint', async () => {
    const response = await report('?lifecycleStateId=state-published');
    expect(response.status).toBe(200);
    // ent-001 7/9 = 78, ent-002 5/8 = 63 (sleeve-length hidden: knitwear), ent-003 6/9 = 67, ent-004 1/8 = 13 (trousers).
    expect(response.body).toMatchObject({ lifecycleStateId: 'state-published', records: 4, complete: 0, averagePercentage: 55.3, unscored: [] });
    expect(nonEmpty(response.body.buckets)).toEqual([bucket(10, 1), bucket(60, 2), bucket(70, 1)]);
    expect(response.body.mostMissing).toEqual([
      { attributeAlias: 'description', scope: lang('seg-de'), records: 4 },
      { attributeAlias: 'description', scope: lang('seg-da'), records: 3 },
      { attributeAlias: 'material', scope: {}, records: 2 },
      { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, records: 2 },
      { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, records: 1 },
      { attributeAlias: 'product-name', scope: lang('seg-da'), records: 1 },
      { attributeAlias: 'product-name', scope: lang('seg-de'), records: 1 },
      { attributeAlias: 'sleeve-length', scope: {}, records: 1 },
    ]);
    const singles = await Promise.all(
      ['ent-001', 'ent-002', 'ent-003', 'ent-004'].map(async (id) => (await system.api.as('viewer', 'GET', `/records/${id}/completeness?lifecycleStateId=state-published`)).body),
    );
    expect(singles.map((single) => single.percentage)).toEqual([78, 63, 67, 13]);
  });

  it('answers every reading role, and 401 without a token', async () => {
    for (const role of ['admin', 'editor', 'reviewer', 'agent']) expect((await report('', role)).status).toBe(200);
    expect((await system.api.request('GET', '/schemas/schema-apparel/completeness')).status).toBe(401);
  });

  it('answers 404 for an unknown schema and for a schema without a workflow', async () => {
    const unknown = await report('', 'viewer', 'schema-nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not-found');
    const created = await system.api.as('admin', 'POST', '/schemas', {
      id: 'schema-no-workflow',
      name: 'No workflow',
      initialLifecycleStateId: 'state-draft',
      attributes: [{ alias: 'title', name: 'Title', dataType: 'text', dimensionIds: [], rules: {} }],
    });
    expect(created.status).toBe(201);
    expect((await report('', 'viewer', 'schema-no-workflow')).status).toBe(404);
  });

  it('answers 400 for an unknown state, an empty or repeated lifecycleStateId, and an unknown query parameter', async () => {
    const badState = await report('?lifecycleStateId=state-nope');
    expect(badState.status).toBe(400);
    expect(badState.body.details[0]).toMatchObject({ field: 'lifecycleStateId', rule: 'exists' });
    for (const query of ['?lifecycleStateId=', '?lifecycleStateId=state-draft&lifecycleStateId=state-review', '?limit=10', '?schemaId=schema-apparel']) {
      const response = await report(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
  });

  it('reflects writes, and reports records in a state the workflow does not know as unscored', async () => {
    const patched = await system.api.as('editor', 'PATCH', '/records/ent-004/values/product-name', {
      scopedValues: [
        { scope: {}, value: 'Linen Summer Trousers' },
        { scope: lang('seg-da'), value: 'Sommerbukser i hør' },
        { scope: lang('seg-de'), value: 'Leinen-Sommerhose' },
      ],
    });
    expect(patched.status).toBe(200);
    const created = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: 'LEGACY-1' }] } });
    expect(created.status).toBe(201);
    // As left behind by an older workflow definition or an import.
    await pg.query(`UPDATE records.record SET lifecycle_state_id = 'state-legacy' WHERE id = $1`, [created.body.id]);

    const own = await report();
    expect(own.body).toMatchObject({ records: 4, complete: 4, averagePercentage: 100, mostMissing: [], unscored: [{ lifecycleStateId: 'state-legacy', records: 1 }] });
    const draft = await report('?lifecycleStateId=state-draft');
    expect(draft.body).toMatchObject({ records: 5, complete: 4, averagePercentage: 86.6, unscored: [] });
    expect(draft.body.mostMissing).toEqual([
      { attributeAlias: 'product-name', scope: lang('seg-da'), records: 1 },
      { attributeAlias: 'product-name', scope: lang('seg-de'), records: 1 },
    ]);
  });

  it(`counts ${BULK.toLocaleString('en-US')} records written behind the service's back once their background re-score is done, each once`, async () => {
    const schema = await system.api.as('admin', 'POST', '/schemas', {
      id: 'schema-bulk',
      name: 'Bulk',
      initialLifecycleStateId: 'state-new',
      attributes: [
        { alias: 'title', name: 'Title', dataType: 'text', dimensionIds: ['dim-language'], rules: {} },
        { alias: 'code', name: 'Code', dataType: 'text', dimensionIds: [], rules: {} },
      ],
    });
    expect(schema.status).toBe(201);
    const workflow = await system.api.as('admin', 'POST', '/workflows', {
      id: 'workflow-bulk',
      schemaId: 'schema-bulk',
      name: 'Bulk',
      initialStateId: 'state-new',
      states: [
        { id: 'state-new', name: 'New', requiredAttributes: ['code'] },
        { id: 'state-ready', name: 'Ready', requiredAttributes: ['code', 'title'] },
      ],
      transitions: [],
    });
    expect(workflow.status).toBe(201);
    // Record i: code always; title da when i % 2 == 0, title de when i % 5 == 0; state-ready when i % 3 == 0.
    await pg.query(
      `INSERT INTO records.record (id, schema_id, lifecycle_state_id, parent_id, version, "values", created_at, updated_at, created_by, updated_by)
       SELECT 'bulk-' || lpad(i::text, 5, '0'), 'schema-bulk', CASE WHEN i % 3 = 0 THEN 'state-ready' ELSE 'state-new' END, NULL, 1,
              jsonb_build_object('code', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'C' || i)),
                                 'title', (CASE WHEN i % 2 = 0 THEN jsonb_build_array(jsonb_build_object('scope', jsonb_build_object('dim-language', 'seg-da'), 'value', 'da')) ELSE '[]'::jsonb END)
                                       || (CASE WHEN i % 5 = 0 THEN jsonb_build_array(jsonb_build_object('scope', jsonb_build_object('dim-language', 'seg-de'), 'value', 'de')) ELSE '[]'::jsonb END)),
              now(), now(), 'user-admin', 'user-admin'
       FROM generate_series(0, $1 - 1) AS i`,
      [BULK],
    );
    const expected = { ready: { complete: 0, percentages: [] as number[], da: 0, de: 0 }, own: { complete: 0, percentages: [] as number[] } };
    for (let i = 0; i < BULK; i++) {
      const filled = 1 + (i % 2 === 0 ? 1 : 0) + (i % 5 === 0 ? 1 : 0);
      const readyPercentage = Math.round((100 * filled) / 3);
      expected.ready.percentages.push(readyPercentage);
      if (filled === 3) expected.ready.complete++;
      if (i % 2 !== 0) expected.ready.da++;
      if (i % 5 !== 0) expected.ready.de++;
      const ownPercentage = i % 3 === 0 ? readyPercentage : 100;
      expected.own.percentages.push(ownPercentage);
      if (ownPercentage === 100 && (i % 3 !== 0 || filled === 3)) expected.own.complete++;
    }
    const mean = (values: number[]) => Math.round((10 * values.reduce((sum, value) => sum + value, 0)) / values.length) / 10;

    // Written behind the service's back: the report says so and the records are scored in the background.
    const noticed = await ask('?lifecycleStateId=state-ready', 'viewer', 'schema-bulk');
    expect(noticed.status).toBe(200);
    expect(noticed.body.current).toBe(false);
    expect(noticed.body.pendingRecords).toBeGreaterThan(0);
    expect(typeof noticed.body.pendingSince).toBe('string');
    const ready = await report('?lifecycleStateId=state-ready', 'viewer', 'schema-bulk');
    expect(ready.body.current).toBe(true);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ records: BULK, complete: expected.ready.complete, averagePercentage: mean(expected.ready.percentages) });
    expect(ready.body.mostMissing).toEqual([
      { attributeAlias: 'title', scope: lang('seg-de'), records: expected.ready.de },
      { attributeAlias: 'title', scope: lang('seg-da'), records: expected.ready.da },
    ]);
    expect(nonEmpty(ready.body.buckets)).toEqual([bucket(30, 1000), bucket(60, 1250), bucket(100, 250)]);
    const own = await report('', 'viewer', 'schema-bulk');
    expect(own.body).toMatchObject({ records: BULK, complete: expected.own.complete, averagePercentage: mean(expected.own.percentages), unscored: [] });
  });
});
