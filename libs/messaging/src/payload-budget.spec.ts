import { chunkByBudget } from './payload-budget';

describe('chunkByBudget', () => {
  it('keeps every item, in order, in chunks of at most maxItems', () => {
    const items = Array.from({ length: 7 }, (_, index) => index);
    expect(chunkByBudget(items, 3, 1_000_000)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('starts a new chunk before one would pass maxBytes', () => {
    const items = ['aaaa', 'bbbb', 'cccc'];
    // '"aaaa"' is 6 bytes of JSON: two fit in 12, a third does not.
    expect(chunkByBudget(items, 10, 12)).toEqual([['aaaa', 'bbbb'], ['cccc']]);
  });

  it('sends an item larger than the budget alone rather than dropping it', () => {
    expect(chunkByBudget(['x'.repeat(50), 'y', 'z'], 10, 10)).toEqual([['x'.repeat(50)], ['y', 'z']]);
  });

  it('gives no chunk for no items', () => {
    expect(chunkByBudget([], 5, 100)).toEqual([]);
  });
});
