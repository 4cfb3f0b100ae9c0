import { Client } from 'pg';
import type { RpcRequest, SchemaCompletenessReport, ValuesMap } from '@sigma/contracts';
import { buildPlan, type CompletenessPlan, CompletenessReportBuilder } from '@sigma/completeness';
import { CompletenessRescorer } from '../../src/completeness/completeness-rescorer';
import { createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

type Rule = RpcRequest<'records.completeness.sync-rules'>;
type Figures = Omit<SchemaCompletenessReport, 'scoredAt' | 'durationMs' | 'current' | 'pendingRecords' | 'pendingSince'>;

const draft = ['product-name', 'sku'];
const review = [...draft, 'price', 'description'];
const published = [...review, 'material', 'sleeve-length'];
const g = (value: unknown) => [{ scope: {}, value }];
const lang = (segment: string, value: unknown) => ({ scope: { 'dim-language': segment }, value });
const market = (segment: string, value: unknown) => ({ scope: { 'dim-market': segment }, value });

/**
 * The stored report (summaries kept by the score writes) against a from-scratch computation over
 * the same records: the workflow's report builder, with plans built from the rule, the schema and
 * the dimensions as they are now. Every write path must keep the two equal: creates, updates,
 * deletes, lifecycle moves, concurrent writers, rule and dimension changes (re-scores), and
 * records written behind the service's back.
 */
describe('schema completeness report from stored summaries (real PG)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;
  let rescorer: CompletenessRescorer;
  let updatedAt = Date.parse('2026-01-01T00:00:00Z');
  let rule: Rule;

  const push = async (states: Rule['states']) => {
    rule = { schemaId: 'schema-apparel', workflowId: 'workflow-apparel', states, workflowUpdatedAt: new Date((updatedAt += 1000)).toISOString() };
    return rpc.ok('records.completeness.sync-rules', rule);
  };
  const stored = (lifecycleStateId?: string, workflowUpdatedAt = rule.workflowUpdatedAt) =>
    rpc.ok('records.completeness.report', { schemaId: 'schema-apparel', lifecycleStateId, workflowUpdatedAt });

  async function fromScratch(lifecycleStateId?: string): Promise<Figures> {
    const [schema, dimensions] = await Promise.all([rpc.ok('records.schema.get', { id: 'schema-apparel' }), rpc.ok('records.dimension.list', {})]);
    const plans = new Map<string, CompletenessPlan>(
      rule.states.map((state) => [
        state.id,
        buildPlan({
          lifecycleStateId: state.id,
          attributes: new Map(schema.attributes.map((attribute) => [attribute.alias, attribute])),
          segmentsByDimension: new Map(dimensions.map((dimension) => [dimension.id, dimension.segments.map((segment) => segment.id)])),
          requiredAliases: state.requiredAttributes,
        }),
      ]),
    );
    const builder = new CompletenessReportBuilder('schema-apparel', lifecycleStateId ?? null);
    const { rows } = await bed.pg.query<{ state: string; values: ValuesMap }>(
      `SELECT lifecycle_state_id AS state, "values" FROM record WHERE schema_id = 'schema-apparel' ORDER BY id`,
    );
    for (const record of rows) {
      const stateId = lifecycleStateId ?? record.state;
      const plan = plans.get(stateId);
      if (plan) builder.add(plan, record.values);
      else builder.skip(stateId);
    }
    const { scoredAt: _s, durationMs: _d, current: _c, pendingRecords: _p, pendingSince: _ps, ...figures } = builder.report(new Date(), 0);
    return figures;
  }

  /** Each record against its own state, and every record against each state of the rule. */
  async function expectCurrentAndEqual(): Promise<void> {
    for (const stateId of [undefined, ...rule.states.map((state) => state.id)]) {
      const { scoredAt: _s, durationMs: _d, current, pendingRecords, pendingSince, ...figures } = await stored(stateId);
      expect({ stateId, figures, current, pendingRecords, pendingSince }).toEqual({ stateId, figures: await fromScratch(stateId), current: true, pendingRecords: 0, pendingSince: null });
    }
  }

  beforeAll(async () => {
    bed = await createRecordsTestBed('completeness-report');
    const instance = await bed.start();
    rpc = instance.rpc;
    rescorer = instance.app.get(CompletenessRescorer);
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('is not current while no rule has arrived, and current once the rule\'s re-score is done', async () => {
    rule = { schemaId: 'schema-apparel', workflowId: 'workflow-apparel', states: [], workflowUpdatedAt: new Date(updatedAt).toISOString() };
    const before = await stored();
    expect(before).toMatchObject({ current: false, records: 0 });
    expect(before.pendingRecords).toBeGreaterThan(0);
    await push([
      { id: 'state-draft', requiredAttributes: draft },
      { id: 'state-review', requiredAttributes: review },
      { id: 'state-published', requiredAttributes: published },
    ]);
    await rescorer.drain();
    await expectCurrentAndEqual();
  });

  it('stays equal through creates, updates and deletes', async () => {
    const created = [];
    for (let i = 0; i < 12; i++) {
      const values: ValuesMap = {
        sku: g(`REP-${i}`),
        'product-name': [g(`Product ${i}`)[0], ...(i % 2 === 0 ? [lang('seg-da', `Produkt ${i}`)] : []), ...(i % 3 === 0 ? [lang('seg-de', `Produkt ${i}`)] : [])],
        ...(i % 4 === 0 && { price: [market('seg-dk', 100 + i)] }),
        ...(i % 5 === 0 && { 'garment-type': g('shirt') }),
      };
      created.push(await rpc.ok('records.record.create', { schemaId: 'schema-apparel', values }));
    }
    await expectCurrentAndEqual();
    await rpc.ok('records.record.update', { id: created[1].id, values: { material: g('Wool'), description: [lang('seg-da', 'x'), lang('seg-de', 'y')] } });
    await rpc.ok('records.record.update', { id: created[2].id, values: { 'product-name': [lang('seg-da', 'a'), lang('seg-de', 'b')] } });
    // A write that touches no required attribute changes no figure.
    await rpc.ok('records.record.update', { id: created[3].id, values: { 'short-description': [lang('seg-da', 'kort')] } });
    await expectCurrentAndEqual();
    await rpc.ok('records.record.delete', { id: created[4].id });
    await rpc.ok('records.record.delete', { id: created[5].id });
    await expectCurrentAndEqual();
  });

  it('stays equal through lifecycle moves, also into a state the rule does not know', async () => {
    const [first, second] = (await bed.pg.query<{ id: string; state: string }>(`SELECT id, lifecycle_state_id AS state FROM record WHERE schema_id = 'schema-apparel' ORDER BY id LIMIT 2`)).rows;
    await rpc.ok('records.record.move-lifecycle-state', { id: first.id, fromStateId: first.state, toStateId: 'state-review', transitionId: 'to-review' });
    await expectCurrentAndEqual();
    // As an older workflow definition or an import leaves it.
    await bed.pg.query(`UPDATE record SET lifecycle_state_id = 'state-legacy' WHERE id = $1`, [second.id]);
    const own = await stored();
    expect(own.unscored).toEqual([{ lifecycleStateId: 'state-legacy', records: 1 }]);
    await expectCurrentAndEqual();
  });

  it('stays equal and free of deadlocks with many concurrent writers on the same records', async () => {
    const { rows } = await bed.pg.query<{ id: string }>(`SELECT id FROM record WHERE schema_id = 'schema-apparel' ORDER BY id`);
    const writes = Array.from({ length: 40 }, (_, i) => {
      const { id } = rows[i % rows.length];
      const values: ValuesMap = i % 2 === 0 ? { material: g(i % 4 === 0 ? 'Linen' : '') } : { description: [lang('seg-da', `d${i}`)] };
      return rpc.call('records.record.update', { id, values });
    });
    const replies = await Promise.all(writes);
    // Optimistic conflicts between writers of one record are expected; nothing else is.
    for (const reply of replies) if (!reply.ok) expect(reply.error.code).toBe('conflict');
    await expectCurrentAndEqual();
  });

  it('never waits for a summary shard: with all regular shards claimed by open transactions a save takes an overflow shard', async () => {
    const holders = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const client = new Client({ connectionString: bed.database.url, options: '-c search_path=records' });
        await client.connect();
        return client;
      }),
    );
    try {
      const claimed = [];
      for (const holder of holders) {
        await holder.query('BEGIN');
        claimed.push((await holder.query<{ shard: number }>('SELECT completeness_shard() AS shard')).rows[0].shard);
      }
      expect(new Set(claimed).size).toBe(16);
      expect(Math.max(...claimed)).toBeLessThan(16);
      const [{ id }] = (await bed.pg.query<{ id: string }>(`SELECT id FROM record WHERE schema_id = 'schema-apparel' ORDER BY id LIMIT 1`)).rows;
      await rpc.ok('records.record.update', { id, values: { material: g('Hemp'), price: [market('seg-de', 99)] } });
      expect((await bed.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM completeness_summary WHERE shard >= 16')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await Promise.all(holders.map(async (holder) => holder.query('ROLLBACK').finally(() => holder.end())));
    }
    await expectCurrentAndEqual();
  });

  it('says a rule change is pending until its re-score is done, then is equal under the new rule', async () => {
    await push([
      { id: 'state-draft', requiredAttributes: ['sku'] },
      { id: 'state-review', requiredAttributes: review },
      { id: 'state-published', requiredAttributes: [...published, 'long-description'] },
      { id: 'state-legacy', requiredAttributes: ['material'] },
    ]);
    const pending = await stored();
    expect(pending.current).toBe(false);
    expect(pending.pendingRecords).toBeGreaterThan(0);
    expect(Date.parse(pending.pendingSince ?? '')).toBeLessThanOrEqual(Date.parse(pending.scoredAt));
    await rescorer.drain();
    await expectCurrentAndEqual();
    expect((await stored()).unscored).toEqual([]);
  });

  it('says a dimension change is pending until its re-score is done', async () => {
    const language = await rpc.ok('records.dimension.get', { id: 'dim-language' });
    await rpc.ok('records.dimension.update', { ...language, segments: [...language.segments, { id: 'seg-sv', name: 'Swedish' }] });
    expect((await stored('state-published')).current).toBe(false);
    await rescorer.drain();
    await expectCurrentAndEqual();
  });

  it('is not current for a workflow newer than the stored rule', async () => {
    const later = new Date(updatedAt + 60_000).toISOString();
    expect(await stored(undefined, later)).toMatchObject({ current: false });
  });

  it('notices records written behind the service\'s back, re-scores them and is equal again', async () => {
    await bed.pg.query(
      `INSERT INTO record (id, schema_id, lifecycle_state_id, version, "values", created_by, updated_by)
       SELECT 'raw-' || i, 'schema-apparel', 'state-review', 1, jsonb_build_object('sku', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'RAW-' || i))), 'user-admin', 'user-admin'
       FROM generate_series(1, 7) i`,
    );
    const noticed = await stored();
    expect(noticed).toMatchObject({ current: false, pendingRecords: 7 });
    await rescorer.drain();
    await expectCurrentAndEqual();
  });
});
