import { jsonDepth } from './body-depth';

describe('jsonDepth', () => {
  it('counts object and array levels', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ values: { price: [{ scope: {}, value: 1 }] } })).toBe(5);
  });

  it('measures thousands of levels without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep)).toBe(100_001);
  });

  it('stops early once past the limit', () => {
    let deep: unknown = {};
    for (let i = 0; i < 1000; i++) deep = { a: deep };
    expect(jsonDepth(deep, 32)).toBe(33);
  });
});
