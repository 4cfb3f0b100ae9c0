import { slotKey } from '@sigma/completeness';
import { type StoredReportInput, storedReport } from './stored-report';

const SCORED_AT = new Date('2026-01-02T10:00:00.000Z');
const key = (attributeAlias: string, scope: Record<string, string> = {}) => slotKey({ attributeAlias, scope });
const lang = (segment: string) => ({ 'dim-language': segment });

/** Draft: 2 own records (100 and 50), review: 1 own record (25); every record also scored for the other state. */
const base: StoredReportInput = {
  schemaId: 'schema-apparel',
  lifecycleStateId: null,
  ruleStateIds: ['state-draft', 'state-review'],
  ruleBehind: false,
  summaries: [
    { stateId: 'state-draft', own: true, bucket: 10, records: 1, complete: 1, percentSum: 100 },
    { stateId: 'state-draft', own: true, bucket: 5, records: 1, complete: 0, percentSum: 50 },
    { stateId: 'state-draft', own: false, bucket: 10, records: 1, complete: 1, percentSum: 100 },
    { stateId: 'state-review', own: true, bucket: 2, records: 1, complete: 0, percentSum: 25 },
    { stateId: 'state-review', own: false, bucket: 0, records: 2, complete: 0, percentSum: 0 },
  ],
  missing: [
    { stateId: 'state-draft', own: true, slot: key('product-name', lang('seg-de')), records: 1 },
    { stateId: 'state-review', own: true, slot: key('product-name', lang('seg-de')), records: 1 },
    { stateId: 'state-review', own: true, slot: key('price', { 'dim-market': 'seg-dk' }), records: 1 },
    { stateId: 'state-review', own: true, slot: key('description', lang('seg-da')), records: 1 },
    { stateId: 'state-review', own: false, slot: key('sku'), records: 2 },
    { stateId: 'state-review', own: false, slot: key('material'), records: 0 },
  ],
  recordsByState: new Map([
    ['state-draft', 2],
    ['state-review', 1],
  ]),
  rescore: null,
  scoredAt: SCORED_AT,
};

describe('storedReport', () => {
  it('counts each record in its own state, slots summed across states, and is current when every record is counted', () => {
    const { report, needsRescore } = storedReport(base);
    expect(report).toMatchObject({ records: 3, complete: 1, averagePercentage: 58.3, unscored: [], current: true, pendingRecords: 0, pendingSince: null });
    expect(report.buckets.filter((bucket) => bucket.records > 0)).toEqual([
      { from: 20, to: 29, records: 1 },
      { from: 50, to: 59, records: 1 },
      { from: 100, to: 100, records: 1 },
    ]);
    expect(report.mostMissing).toEqual([
      { attributeAlias: 'product-name', scope: lang('seg-de'), records: 2 },
      { attributeAlias: 'description', scope: lang('seg-da'), records: 1 },
      { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, records: 1 },
    ]);
    expect(report.scoredAt).toBe(SCORED_AT.toISOString());
    expect(needsRescore).toBe(false);
  });

  it('counts every record against ?lifecycleStateId, leaving nothing unscored', () => {
    const { report } = storedReport({ ...base, lifecycleStateId: 'state-review', recordsByState: new Map([...base.recordsByState, ['state-legacy', 0]]) });
    expect(report).toMatchObject({ records: 3, complete: 0, averagePercentage: 8.3, unscored: [], current: true });
    expect(report.mostMissing[0]).toEqual({ attributeAlias: 'sku', scope: {}, records: 2 });
    expect(report.mostMissing.some((slot) => slot.attributeAlias === 'material')).toBe(false);
  });

  it('lists records in states the rule does not know as unscored, by state', () => {
    const recordsByState = new Map([...base.recordsByState, ['state-z', 2], ['state-legacy', 1], ['state-empty', 0]]);
    const { report } = storedReport({ ...base, recordsByState });
    expect(report.unscored).toEqual([
      { lifecycleStateId: 'state-legacy', records: 1 },
      { lifecycleStateId: 'state-z', records: 2 },
    ]);
    expect(report.current).toBe(true);
  });

  it('is not current while a re-score is queued, with the records still to do and when it was asked for', () => {
    const requestedAt = new Date('2026-01-02T09:59:00.000Z');
    const { report, needsRescore } = storedReport({ ...base, rescore: { requestedAt, done: 1 } });
    expect(report).toMatchObject({ current: false, pendingRecords: 2, pendingSince: requestedAt.toISOString(), records: 3 });
    expect(needsRescore).toBe(false);
  });

  it('is not current, and asks for a re-score, when records have no score and none is queued', () => {
    const recordsByState = new Map([
      ['state-draft', 5],
      ['state-review', 1],
    ]);
    const { report, needsRescore } = storedReport({ ...base, recordsByState });
    expect(report).toMatchObject({ current: false, pendingRecords: 3, pendingSince: SCORED_AT.toISOString() });
    expect(needsRescore).toBe(true);
    const oneState = storedReport({ ...base, lifecycleStateId: 'state-draft', recordsByState });
    expect(oneState.report).toMatchObject({ records: 3, current: false, pendingRecords: 3 });
  });

  it('is not current when a record is counted under a state it has left, though the totals agree', () => {
    const recordsByState = new Map([
      ['state-draft', 1],
      ['state-review', 2],
    ]);
    const { report, needsRescore } = storedReport({ ...base, recordsByState });
    expect(report).toMatchObject({ records: 3, current: false, pendingRecords: 2 });
    expect(needsRescore).toBe(true);
  });

  it('is not current without a rule, or with one older than the workflow, every record pending', () => {
    const none = storedReport({ ...base, ruleStateIds: null, summaries: [], missing: [] });
    expect(none.report).toMatchObject({ records: 0, averagePercentage: null, current: false, pendingRecords: 3 });
    expect(none.needsRescore).toBe(false);
    expect(storedReport({ ...base, ruleBehind: true }).report).toMatchObject({ current: false, pendingRecords: 3 });
  });
});
