import { describe, expect, it } from 'vitest';
import { describeFilter, describeOutcome, EMPTY_FILTER, filterFromFields } from './bulk-filter';

describe('filterFromFields', () => {
  it('sends {} when nothing is chosen: every pending operation', () => {
    expect(filterFromFields(EMPTY_FILTER)).toEqual({});
    expect(describeFilter({})).toBe('every pending operation');
  });

  it('sends only the fields given, trimmed, with stale / invalid as booleans', () => {
    const filter = filterFromFields({ status: 'pending', type: 'update', entityId: ' ent-001 ', attributeAlias: 'material', segment: 'seg-da', stale: 'no', invalid: 'yes' });
    expect(filter).toEqual({ status: 'pending', type: 'update', entityId: 'ent-001', attributeAlias: 'material', segment: 'seg-da', stale: false, invalid: true });
    expect(describeFilter(filter)).toBe('status pending, type update, record ent-001, attribute material, segment seg-da, without stale changes, with an invalid value');
    expect(filterFromFields({ ...EMPTY_FILTER, stale: 'yes', attributeAlias: '  ' })).toEqual({ stale: true });
  });
});

describe('describeOutcome', () => {
  it('reads the answered counts and what is left pending', () => {
    const text = describeOutcome({
      approved: 334,
      rejected: 0,
      unchanged: 2,
      status: 'pending_approval',
      operationSummary: { pending: 664, approved: 336, rejected: 0, applied: 0, failed: 0 },
    });
    expect(text).toBe('334 approved, 0 rejected, 2 already decided (left as they were). The set is now pending approval; 664 operations still pending.');
  });
});
