import { meetsApplyTarget } from './rows';

describe('meetsApplyTarget', () => {
  it('needs 1,000 operations a second at any size', () => {
    expect(meetsApplyTarget(10_000, 10)).toBe(true);
    expect(meetsApplyTarget(10_000, 15)).toBe(false);
    expect(meetsApplyTarget(500, 0.4)).toBe(true);
  });

  it('and a 100,000-operation set within 60 s, though 1,318 ops/s clears the rate', () => {
    expect(meetsApplyTarget(100_000, 75.85)).toBe(false);
    expect(meetsApplyTarget(100_000, 59.9)).toBe(true);
  });
});
