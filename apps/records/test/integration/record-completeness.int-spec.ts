import type { RpcRequest } from '@sigma/contracts';
import { DataSource } from 'typeorm';
import { CompletenessRescorer, RESCORE_BATCH } from '../../src/completeness/completeness-rescorer';
import { writeScores } from '../../src/completeness/completeness-store';
import { apparel, count, createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

type Score = { stateId: string; filled: number; required: number; percent: number; complete: boolean; version: number };

/**
 * The completeness projection on real PostgreSQL: rules pushed by the workflow service, scores
 * written by the record writer in the write's transaction, re-scores in bounded batches when a
 * rule, a schema or a dimension changes, and no older score ever replacing a newer one.
 */
describe('record completeness projection (real PG)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;
  let rescorer: CompletenessRescorer;
  let dataSource: DataSource;
  let updatedAt = Date.parse('2026-01-01T00:00:00Z');

  const rule = (ready: string[], extra: { id: string; requiredAttributes: string[] }[] = []): RpcRequest<'records.completeness.sync-rules'> => ({
    schemaId: 'schema-apparel',
    workflowId: 'workflow-apparel',
    states: [{ id: 'state-draft', requiredAttributes: ['sku'] }, { id: 'state-ready', requiredAttributes: ready }, ...extra],
    workflowUpdatedAt: new Date((updatedAt += 1000)).toISOString(),
  });
  const scores = async (recordId: string): Promise<Score[]> =>
    (
      await bed.pg.query<Score>(
        `SELECT state_id AS "stateId", filled, required, percent, complete, record_version AS version
         FROM record_completeness WHERE record_id = $1 ORDER BY state_id`,
        [recordId],
      )
    ).rows;
  const recordCount = () => count(bed.pg, `SELECT 1 FROM record WHERE schema_id = 'schema-apparel'`);
  const queued = () => count(bed.pg, 'SELECT 1 FROM completeness_rescore');

  beforeAll(async () => {
    bed = await createRecordsTestBed('completeness');
    const instance = await bed.start();
    rpc = instance.rpc;
    rescorer = instance.app.get(CompletenessRescorer);
    dataSource = instance.app.get(DataSource);
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('stores no scores for a schema without a rule', async () => {
    const record = await rpc.ok('records.record.create', apparel('CMP-0'));
    expect(await scores(record.id)).toEqual([]);
  });

  it('scores the existing records in bounded batches once a rule arrives, and only once', async () => {
    // More than one batch: the re-score must resume after the last id of each.
    const bulk = Array.from({ length: RESCORE_BATCH + 20 }, (_, i) => ({ line: i + 1, sku: `CMP-B${i}`, schemaId: 'schema-apparel', values: apparel(`CMP-B${i}`).values }));
    const lines = await rpc.ok('records.record.bulk-upsert', { lines: bulk, atomic: false });
    expect(lines).toHaveLength(RESCORE_BATCH + 20);

    expect(await rpc.ok('records.completeness.sync-rules', rule(['sku', 'material']))).toEqual({ rescoring: true });
    await rescorer.drain();
    expect(await queued()).toBe(0);
    expect(await count(bed.pg, 'SELECT 1 FROM record_completeness')).toBe(2 * (await recordCount()));
    const [one] = (await rpc.ok('records.record.list', { sku: 'CMP-0', offset: 0, limit: 1 })).items;
    expect(await scores(one.id)).toEqual([
      { stateId: 'state-draft', filled: 1, required: 1, percent: 100, complete: true, version: one.version },
      { stateId: 'state-ready', filled: 1, required: 2, percent: 50, complete: false, version: one.version },
    ]);

    const again = rule(['sku', 'material']);
    expect(await rpc.ok('records.completeness.sync-rules', again)).toEqual({ rescoring: false });
    expect(await queued()).toBe(0);
  });

  it('scores every write in its own transaction', async () => {
    const record = await rpc.ok('records.record.create', apparel('CMP-1'));
    expect((await scores(record.id)).map((score) => [score.stateId, score.complete, score.version])).toEqual([
      ['state-draft', true, 1],
      ['state-ready', false, 1],
    ]);
    const updated = await rpc.ok('records.record.update', { id: record.id, values: { material: [{ scope: {}, value: 'Wool' }] } });
    expect((await scores(record.id)).map((score) => [score.stateId, score.complete, score.version])).toEqual([
      ['state-draft', true, updated.version],
      ['state-ready', true, updated.version],
    ]);
    await rpc.ok('records.record.delete', { id: record.id });
    expect(await scores(record.id)).toEqual([]);
  });

  it('never replaces a score with one taken on an older version of the record', async () => {
    const record = await rpc.ok('records.record.create', apparel('CMP-2'));
    const updated = await rpc.ok('records.record.update', { id: record.id, values: { material: [{ scope: {}, value: 'Silk' }] } });
    const stale = { stateId: 'state-ready', filled: 0, total: 2, percentage: 0, complete: false, missing: [] };
    await dataSource.transaction((manager) => writeScores(manager, [{ recordId: record.id, version: record.version, scores: [stale] }]));
    expect((await scores(record.id)).find((score) => score.stateId === 'state-ready')).toMatchObject({ complete: true, version: updated.version });
  });

  it('ignores a push older than the stored rule', async () => {
    const old = { ...rule(['sku']), workflowUpdatedAt: '2025-01-01T00:00:00Z' };
    expect(await rpc.ok('records.completeness.sync-rules', old)).toEqual({ rescoring: false });
    const stored = await bed.pg.query(`SELECT states FROM completeness_rule WHERE schema_id = 'schema-apparel'`);
    expect(stored.rows[0].states[1]).toEqual({ id: 'state-ready', requiredAttributes: ['sku', 'material'] });
  });

  it('re-scores on a rule change: new requirements, new states, and no scores left for removed states', async () => {
    const record = await rpc.ok('records.record.create', apparel('CMP-3'));
    await rpc.ok('records.completeness.sync-rules', rule(['sku'], [{ id: 'state-gone', requiredAttributes: [] }]));
    await rescorer.drain();
    expect((await scores(record.id)).map((score) => [score.stateId, score.complete])).toEqual([
      ['state-draft', true],
      ['state-gone', true],
      ['state-ready', true],
    ]);
    await rpc.ok('records.completeness.sync-rules', rule(['sku', 'material']));
    await rescorer.drain();
    expect((await scores(record.id)).map((score) => [score.stateId, score.complete])).toEqual([
      ['state-draft', true],
      ['state-ready', false],
    ]);
    expect(await count(bed.pg, `SELECT 1 FROM record_completeness WHERE state_id = 'state-gone'`)).toBe(0);
  });

  it('re-scores when the schema\'s attributes or the segments of their dimensions change', async () => {
    await rpc.ok('records.completeness.sync-rules', rule(['sku', 'material', 'product-name']));
    const record = await rpc.ok('records.record.create', apparel('CMP-4'));
    await rescorer.drain();
    const ready = async () => (await scores(record.id)).find((score) => score.stateId === 'state-ready');
    // sku, material, product-name in two languages.
    expect(await ready()).toMatchObject({ filled: 1, required: 4 });

    const language = await rpc.ok('records.dimension.get', { id: 'dim-language' });
    await rpc.ok('records.dimension.update', { ...language, name: 'Languages' });
    expect(await queued()).toBe(0);
    await rpc.ok('records.dimension.update', { ...language, segments: [...language.segments, { id: 'seg-sv', name: 'Swedish' }] });
    await rescorer.drain();
    expect(await ready()).toMatchObject({ filled: 1, required: 5 });

    const schema = await rpc.ok('records.schema.get', { id: 'schema-apparel' });
    const attributes = schema.attributes.map((attribute) =>
      attribute.alias === 'material' ? { ...attribute, guard: { attributeAlias: 'garment-type', operator: 'exists' as const } } : attribute,
    );
    await rpc.ok('records.schema.update', { id: schema.id, attributes });
    await rescorer.drain();
    expect(await ready()).toMatchObject({ filled: 1, required: 4 });
    expect(await queued()).toBe(0);
  });

  it('refuses a rule for a schema that does not exist', async () => {
    const error = await rpc.fail('records.completeness.sync-rules', { ...rule(['sku']), schemaId: 'schema-nowhere' });
    expect(error).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'schemaId' })] });
  });
});
