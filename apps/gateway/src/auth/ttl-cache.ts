/**
 * A bounded cache whose entries expire: at most `maxEntries` (the oldest insertion is dropped
 * first), each trusted for `ttlMs`. Values may be promises, so concurrent misses share one lookup.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: K, value: V, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches (e.g. every cached credential of one key id). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  /** The cached value, or one loaded once for all concurrent callers; a failed load is not cached. */
  getOrLoad<T>(this: TtlCache<K, Promise<T>>, key: K, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const cached = this.get(key, now);
    if (cached !== undefined) return cached;
    const loading: Promise<T> = load().catch((error: unknown) => {
      if (this.entries.get(key)?.value === loading) this.entries.delete(key);
      throw error;
    });
    this.set(key, loading, now);
    return loading;
  }
}
