import { readsThrough } from './cache-control';

describe('readsThrough', () => {
  it.each(['no-cache', 'No-Cache', 'no-store', 'max-age=0', 'max-age="0"', 'private, no-cache', 'max-stale=5,  no-cache'])('reads through for %s', (header) => {
    expect(readsThrough(header)).toBe(true);
  });

  it.each([undefined, '', 'max-age=60', 'max-stale', 'only-if-cached', 'no-cachex'])('may use the cache for %s', (header) => {
    expect(readsThrough(header)).toBe(false);
  });
});
