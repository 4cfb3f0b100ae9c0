import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('serves an entry until its time is up, then forgets it', () => {
    const cache = new TtlCache<string, number>(1000, 10);
    cache.set('a', 1, 0);
    expect(cache.get('a', 999)).toBe(1);
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = new TtlCache<string, number>(1000, 2);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe(2);
    expect(cache.get('c', 1)).toBe(3);
  });

  it('caches nothing with a zero ttl', () => {
    const cache = new TtlCache<string, number>(0, 2);
    cache.set('a', 1, 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });

  it('deletes one entry, or every entry whose value matches', () => {
    const cache = new TtlCache<string, { keyId: string }>(1000, 10);
    cache.set('h1', { keyId: 'k1' }, 0);
    cache.set('h2', { keyId: 'k1' }, 0);
    cache.set('h3', { keyId: 'k2' }, 0);
    cache.deleteWhere((value) => value.keyId === 'k1');
    expect([cache.get('h1', 1), cache.get('h2', 1), cache.get('h3', 1)]).toEqual([undefined, undefined, { keyId: 'k2' }]);
    cache.delete('h3');
    expect(cache.size).toBe(0);
  });

  it('shares one load among concurrent callers and does not keep a failed one', async () => {
    const cache = new TtlCache<string, Promise<number>>(1000, 10);
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 5));
    const [first, second] = await Promise.all([cache.getOrLoad('a', load), cache.getOrLoad('a', load)]);
    expect([first, second, loads]).toEqual([1, 1, 1]);

    await expect(cache.getOrLoad('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrLoad('b', async () => 7)).toBe(7);
  });
});
