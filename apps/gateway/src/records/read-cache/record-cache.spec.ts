import { ANY_VERSION, RecordCache } from './record-cache';

const record = (id: string, version: number) => ({ id, version, body: `${id}@${version}` });

function serving(maxEntries = 3, maxAgeMs = 1000, maxChanges?: number) {
  let now = 0;
  const cache = new RecordCache<ReturnType<typeof record>>(maxEntries, maxAgeMs, maxChanges, () => now);
  cache.resume();
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('RecordCache', () => {
  it('serves what it admitted, until it is older than the maximum age', () => {
    const { cache, advance } = serving();
    cache.admit(record('a', 1), cache.ticket());
    expect(cache.get('a')).toEqual(record('a', 1));
    advance(999);
    expect(cache.get('a')?.version).toBe(1);
    advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('serves nothing before it resumes or after it is suspended, and starts empty', () => {
    const cache = new RecordCache<ReturnType<typeof record>>(3, 1000);
    cache.admit(record('a', 1), cache.ticket());
    expect(cache.get('a')).toBeUndefined();
    cache.resume();
    cache.admit(record('a', 1), cache.ticket());
    expect(cache.get('a')).toBeDefined();
    cache.suspend();
    expect(cache.get('a')).toBeUndefined();
    cache.resume();
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the least recently used record beyond its size', () => {
    const { cache } = serving(2);
    cache.admit(record('a', 1), cache.ticket());
    cache.admit(record('b', 1), cache.ticket());
    cache.get('a');
    cache.admit(record('c', 1), cache.ticket());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('drops a record when a newer version is noted, and keeps it for a late note of its own version', () => {
    const { cache } = serving();
    cache.admit(record('a', 2), cache.ticket());
    cache.changed('a', 2);
    expect(cache.get('a')?.version).toBe(2);
    cache.changed('a', 3);
    expect(cache.get('a')).toBeUndefined();
  });

  it('after a change of unknown version (a deletion), takes back no answer read before it', () => {
    const { cache } = serving();
    cache.admit(record('a', 1), cache.ticket());
    const ticket = cache.ticket();
    cache.changed('a', ANY_VERSION);
    expect(cache.get('a')).toBeUndefined();
    cache.admit(record('a', 9), ticket);
    expect(cache.get('a')).toBeUndefined();
  });

  it('refuses an answer read before a change of the same record, but not of another one', () => {
    const { cache } = serving();
    const ticket = cache.ticket();
    cache.changed('a', 2);
    cache.admit(record('a', 1), ticket);
    cache.admit(record('b', 1), ticket);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
    cache.admit(record('a', 2), cache.ticket());
    expect(cache.get('a')?.version).toBe(2);
  });

  it('takes an answer read during a change it already shows (the event of the write it read)', () => {
    const { cache } = serving();
    const ticket = cache.ticket();
    cache.changed('a', 1);
    cache.admit(record('a', 1), ticket);
    expect(cache.get('a')?.version).toBe(1);
  });

  it('does not replace a cached record with an older one', () => {
    const { cache } = serving();
    const early = cache.ticket();
    cache.admit(record('a', 3), cache.ticket());
    cache.admit(record('a', 2), early);
    expect(cache.get('a')?.version).toBe(3);
  });

  it('errs towards a miss once the change it would need to check against is forgotten', () => {
    const { cache } = serving(3, 1000, 2);
    const ticket = cache.ticket();
    cache.changed('a', 2);
    cache.changed('b', 2);
    cache.changed('c', 2); // forgets a's change
    cache.admit(record('a', 1), ticket);
    cache.admit(record('z', 1), ticket);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('z')).toBeUndefined();
    cache.admit(record('z', 1), cache.ticket());
    expect(cache.get('z')).toBeDefined();
  });

  it('refuses every answer in flight when cleared', () => {
    const { cache } = serving();
    const ticket = cache.ticket();
    cache.clear();
    cache.admit(record('a', 1), ticket);
    expect(cache.get('a')).toBeUndefined();
  });

  it('caches nothing when sized 0', () => {
    const { cache } = serving(0);
    cache.admit(record('a', 1), cache.ticket());
    expect(cache.isServing).toBe(false);
    expect(cache.get('a')).toBeUndefined();
  });
});
