/** What the cache needs of a record: its id and the version each write raises. */
export interface VersionedRecord {
  id: string;
  version: number;
}

/** A change whose version is not known (a deletion, a write seen only by its route): drop any cached version. */
export const ANY_VERSION = Number.POSITIVE_INFINITY;

/**
 * Records as last read, invalidated by their change events: a bounded LRU of at most
 * `maxEntries` records, each served for at most `maxAgeMs`.
 *
 * A read that was in flight while its record changed must not put the older version back, so a
 * read takes a `ticket()` before asking records and `admit()` refuses its answer when a change of
 * that record to a newer version (or one of unknown version) was noted after the ticket. Changes are remembered per record in a bounded log; a
 * forgotten one makes `admit` refuse every ticket older than it, which errs towards a miss.
 */
export class RecordCache<R extends VersionedRecord> {
  private readonly entries = new Map<string, { record: R; until: number }>();
  /** Record id → its last change (epoch and version), oldest first (re-inserted on each change). */
  private readonly changes = new Map<string, { epoch: number; version: number }>();
  private epoch = 0;
  /** Every change at or before this epoch may have been forgotten. */
  private forgottenUpTo = 0;
  private serving = false;

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly maxChanges = Math.max(1024, maxEntries * 4),
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Sized above 0. */
  get isEnabled(): boolean {
    return this.maxEntries > 0;
  }

  /** Whether hits are served: only while change events are known to arrive. */
  get isServing(): boolean {
    return this.serving && this.isEnabled;
  }

  /** Starts serving, empty: nothing read before the change feed was listening can be trusted. */
  resume(): void {
    this.clear();
    this.serving = true;
  }

  /** Stops serving and forgets everything (the change feed is interrupted). */
  suspend(): void {
    this.serving = false;
    this.clear();
  }

  get(id: string): R | undefined {
    if (!this.isServing) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(id, entry); // most recently used last
    return entry.record;
  }

  /** Taken before reading a record from its owner; hand it to `admit` with the answer. */
  ticket(): number {
    return this.epoch;
  }

  /** Caches a record read with `ticket` unless it changed since to a newer version, or a newer version is cached. */
  admit(record: R, ticket: number): void {
    if (!this.isServing) return;
    const change = this.changes.get(record.id);
    if (change ? change.epoch > ticket && change.version > record.version : this.forgottenUpTo > ticket) return;
    const current = this.entries.get(record.id);
    if (current && current.record.version >= record.version) return;
    this.entries.delete(record.id);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(record.id, { record, until: this.now() + this.maxAgeMs });
  }

  /** Notes that `id` now is at `version`; an older cached version is dropped (any, without a version). */
  changed(id: string, version: number = ANY_VERSION): void {
    this.epoch += 1;
    this.changes.delete(id);
    this.changes.set(id, { epoch: this.epoch, version });
    while (this.changes.size > this.maxChanges) {
      const [oldestId, oldest] = this.changes.entries().next().value as [string, { epoch: number }];
      this.changes.delete(oldestId);
      this.forgottenUpTo = oldest.epoch;
    }
    const current = this.entries.get(id);
    if (current && current.record.version < version) this.entries.delete(id);
  }

  /** Drops every entry, and every answer still in flight. */
  clear(): void {
    this.epoch += 1;
    this.forgottenUpTo = this.epoch;
    this.entries.clear();
    this.changes.clear();
  }
}
