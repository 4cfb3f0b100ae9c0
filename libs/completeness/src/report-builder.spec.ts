import fc from 'fast-check';
import { scopeKey, type ValuesMap } from '@sigma/contracts';
import { buildPlan, type CompletenessPlan } from './plan';
import { scoreRecord } from './completeness';
import { bucketOf } from './report-figures';
import { CompletenessReportBuilder } from './report-builder';
import { attribute } from '../test/support/completeness-fixtures';


const attributes = new Map(
  [
    attribute('product-name', ['dim-language']),
    attribute('sku'),
    attribute('description', ['dim-language']),
    attribute('garment-type'),
    attribute('sleeve-length', [], { guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] } }),
  ].map((a) => [a.alias, a]),
);
const segmentsByDimension = new Map([['dim-language', ['seg-da', 'seg-de']]]);
const plan = (lifecycleStateId: string, requiredAliases: string[]) => buildPlan({ lifecycleStateId, attributes, segmentsByDimension, requiredAliases });
const draft = plan('state-draft', ['product-name', 'sku']);
const published = plan('state-published', ['product-name', 'sku', 'description', 'sleeve-length']);

const SCORED_AT = new Date('2024-01-18T08:00:00.000Z');
const g = (value: unknown) => [{ scope: {}, value }];
const da = (value: unknown) => ({ scope: { 'dim-language': 'seg-da' }, value });
const de = (value: unknown) => ({ scope: { 'dim-language': 'seg-de' }, value });

describe('bucketOf', () => {
  it.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [59, 5],
    [90, 9],
    [99, 9],
    [100, 10],
  ])('puts %p%% in bucket %p', (percentage, bucket) => {
    expect(bucketOf(percentage)).toBe(bucket);
  });
});

describe('CompletenessReportBuilder', () => {
  it('reports no records as empty buckets, a null average and no missing slots', () => {
    const report = new CompletenessReportBuilder('schema-apparel', null).report(SCORED_AT, 3.4);
    expect(report).toEqual({
      schemaId: 'schema-apparel',
      lifecycleStateId: null,
      records: 0,
      complete: 0,
      averagePercentage: null,
      buckets: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map((from) => ({ from, to: from + 9, records: 0 })).concat({ from: 100, to: 100, records: 0 }),
      mostMissing: [],
      unscored: [],
      scoredAt: '2024-01-18T08:00:00.000Z',
      current: true,
      pendingRecords: 0,
      pendingSince: null,
      durationMs: 3,
    });
  });

  it('counts complete records, buckets, the average and the slots missed across several states', () => {
    const builder = new CompletenessReportBuilder('schema-apparel', null);
    // draft: 3 of 3 -> 100, complete.
    builder.add(draft, { 'product-name': [da('a'), de('b')], sku: g('A') });
    // draft: 1 of 3 -> 33; misses product-name da + de.
    builder.add(draft, { sku: g('B') });
    // published, trousers (sleeve-length hidden): 3 of 5 -> 60; misses description da + de.
    builder.add(published, { 'product-name': [da('a'), de('b')], sku: g('C'), 'garment-type': g('trousers') });
    // published, shirt: 1 of 6 -> 17; misses product-name da + de, description da + de, sleeve-length.
    builder.add(published, { sku: g('D'), 'garment-type': g('shirt') });
    builder.skip('state-legacy');
    builder.skip('state-archived');
    builder.skip('state-legacy');
    const report = builder.report(SCORED_AT, 12);
    expect(report).toMatchObject({ records: 4, complete: 1, averagePercentage: 52.5 });
    expect(report.buckets.filter((bucket) => bucket.records > 0)).toEqual([
      { from: 10, to: 19, records: 1 },
      { from: 30, to: 39, records: 1 },
      { from: 60, to: 69, records: 1 },
      { from: 100, to: 100, records: 1 },
    ]);
    expect(report.mostMissing).toEqual([
      { attributeAlias: 'description', scope: { 'dim-language': 'seg-da' }, records: 2 },
      { attributeAlias: 'description', scope: { 'dim-language': 'seg-de' }, records: 2 },
      { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, records: 2 },
      { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, records: 2 },
      { attributeAlias: 'sleeve-length', scope: {}, records: 1 },
    ]);
    expect(report.unscored).toEqual([
      { lifecycleStateId: 'state-archived', records: 1 },
      { lifecycleStateId: 'state-legacy', records: 2 },
    ]);
  });

  it('puts a record of 199 of 200 slots in the 100 bucket but not among the complete ones', () => {
    const many = Array.from({ length: 200 }, (_, i) => attribute(`a-${i}`));
    const wide = buildPlan({ lifecycleStateId: 's', attributes: new Map(many.map((a) => [a.alias, a])), segmentsByDimension, requiredAliases: many.map((a) => a.alias) });
    const values: ValuesMap = Object.fromEntries(many.slice(1).map((a) => [a.alias, g('x')]));
    const builder = new CompletenessReportBuilder('s', 's');
    builder.add(wide, values);
    const report = builder.report(SCORED_AT, 0);
    expect(report).toMatchObject({ records: 1, complete: 0, averagePercentage: 100 });
    expect(report.buckets[10]).toEqual({ from: 100, to: 100, records: 1 });
    expect(report.mostMissing).toEqual([{ attributeAlias: 'a-0', scope: {}, records: 1 }]);
  });

  it('lists at most 20 slots, most missed first', () => {
    const many = Array.from({ length: 30 }, (_, i) => attribute(`a-${String(i).padStart(2, '0')}`));
    const wide = buildPlan({ lifecycleStateId: 's', attributes: new Map(many.map((a) => [a.alias, a])), segmentsByDimension, requiredAliases: many.map((a) => a.alias) });
    const builder = new CompletenessReportBuilder('s', 's');
    // Record i fills the first i attributes, so a-29 is missed by every record and a-00 by one.
    for (let i = 0; i < 30; i++) builder.add(wide, Object.fromEntries(many.slice(0, i).map((a) => [a.alias, g('x')])));
    const { mostMissing } = builder.report(SCORED_AT, 0);
    expect(mostMissing).toHaveLength(20);
    expect(mostMissing[0]).toEqual({ attributeAlias: 'a-29', scope: {}, records: 30 });
    expect(mostMissing[19]).toEqual({ attributeAlias: 'a-10', scope: {}, records: 11 });
  });

  describe('properties', () => {
    const value = fc.oneof(fc.constant(''), fc.constant('x'), fc.constant(null));
    const entries = (scopes: Record<string, string>[]) => fc.subarray(scopes).chain((picked) => fc.tuple(...picked.map((scope) => value.map((v) => ({ scope, value: v })))));
    const language: Record<string, string>[] = [{}, { 'dim-language': 'seg-da' }, { 'dim-language': 'seg-de' }];
    const recordArb = fc.record({
      state: fc.constantFrom('state-draft', 'state-published', 'state-legacy'),
      values: fc.record({
        'product-name': entries(language),
        sku: entries([{}]),
        description: entries(language),
        'garment-type': fc.constantFrom('shirt', 'trousers', '').map((type) => [{ scope: {}, value: type }]),
        'sleeve-length': entries([{}]),
      }) as fc.Arbitrary<ValuesMap>,
    });
    const plans = new Map<string, CompletenessPlan>([
      ['state-draft', draft],
      ['state-published', published],
    ]);

    it('agrees with scoring each record on its own: counts, buckets, average and missed slots', () => {
      fc.assert(
        fc.property(fc.array(recordArb, { maxLength: 25 }), (records) => {
          const builder = new CompletenessReportBuilder('schema-apparel', null);
          const singles = [];
          for (const record of records) {
            const recordPlan = plans.get(record.state);
            if (!recordPlan) {
              builder.skip(record.state);
              continue;
            }
            builder.add(recordPlan, record.values);
            singles.push(scoreRecord(recordPlan, 'ent', record.values));
          }
          const report = builder.report(SCORED_AT, 1);
          expect(report.records).toBe(singles.length);
          expect(report.complete).toBe(singles.filter((single) => single.filled === single.total).length);
          expect(report.buckets.reduce((sum, bucket) => sum + bucket.records, 0)).toBe(singles.length);
          for (const bucket of report.buckets) {
            expect(bucket.records).toBe(singles.filter((single) => single.percentage >= bucket.from && single.percentage <= bucket.to).length);
          }
          const mean = singles.length ? singles.reduce((sum, single) => sum + single.percentage, 0) / singles.length : null;
          expect(report.averagePercentage).toBe(mean === null ? null : Math.round(mean * 10) / 10);
          const missed = new Map<string, number>();
          for (const slot of singles.flatMap((single) => single.missing)) {
            const key = `${slot.attributeAlias} ${scopeKey(slot.scope)}`;
            missed.set(key, (missed.get(key) ?? 0) + 1);
          }
          for (const slot of report.mostMissing) expect(slot.records).toBe(missed.get(`${slot.attributeAlias} ${scopeKey(slot.scope)}`));
          expect(report.mostMissing).toHaveLength(Math.min(20, missed.size));
          const counts = report.mostMissing.map((slot) => slot.records);
          expect(counts).toEqual([...counts].sort((a, b) => b - a));
          expect(report.unscored.reduce((sum, entry) => sum + entry.records, 0)).toBe(records.length - singles.length);
        }),
        { numRuns: 200 },
      );
    });
  });
});
