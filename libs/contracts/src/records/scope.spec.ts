import type { ScopedValue } from './records';
import { setScopedValue } from './scope';

describe('setScopedValue', () => {
  it('replaces the value of the same scope in place, whatever the key order, and returns the old one', () => {
    const list: ScopedValue[] = [
      { scope: {}, value: 'global' },
      { scope: { a: '1', b: '2' }, value: 'old' },
      { scope: { a: '2' }, value: 'other' },
    ];
    expect(setScopedValue(list, { b: '2', a: '1' }, 'new')).toBe('old');
    expect(list).toEqual([
      { scope: {}, value: 'global' },
      { scope: { a: '1', b: '2' }, value: 'new' },
      { scope: { a: '2' }, value: 'other' },
    ]);
  });

  it('appends a new scope and clears one with null (null when there was none)', () => {
    const list: ScopedValue[] = [{ scope: {}, value: 'global' }];
    expect(setScopedValue(list, { a: '1' }, 'added')).toBeNull();
    expect(setScopedValue(list, {}, null)).toBe('global');
    expect(list).toEqual([{ scope: { a: '1' }, value: 'added' }]);
  });
});
