import { buildPlan } from './plan';
import { cachedSlotKey, parseSlotKey, slotKey } from './slot-key';
import { attribute, segments } from '../test/support/completeness-fixtures';

describe('slotKey', () => {
  it('gives one key per slot whatever the order of the scope dimensions, and reads back', () => {
    const a = slotKey({ attributeAlias: 'tagline', scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' } });
    const b = slotKey({ attributeAlias: 'tagline', scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' } });
    expect(a).toBe(b);
    expect(parseSlotKey(a)).toEqual({ attributeAlias: 'tagline', scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' } });
    expect(slotKey({ attributeAlias: 'tagline', scope: {} })).not.toBe(slotKey({ attributeAlias: 'tagline', scope: { 'dim-market': 'seg-dk' } }));
  });

  it('keeps aliases and segments with quotes and separators apart', () => {
    const odd = { attributeAlias: 'a"|=b', scope: { 'd|1': 'x=y' } };
    expect(parseSlotKey(slotKey(odd))).toEqual(odd);
    expect(slotKey({ attributeAlias: 'a', scope: { b: 'c' } })).not.toBe(slotKey({ attributeAlias: 'a|b', scope: {} }));
  });

  it('caches the key of a plan\'s shared slot entry', () => {
    const plan = buildPlan({
      lifecycleStateId: 's',
      attributes: new Map([['name', attribute('name', ['dim-language'])]]),
      segmentsByDimension: segments,
      requiredAliases: ['name'],
    });
    plan.score({});
    const [first] = plan.missingOfLast(2);
    expect(cachedSlotKey(first)).toBe(slotKey(first));
    expect(cachedSlotKey(first)).toBe(cachedSlotKey(plan.slotAt(0)));
  });
});
