import type { DomainError, EventEnvelope, ValidationIssue, ValueChange, ValuesMap } from '@sigma/contracts';
import type { RecordEntity } from '../../database/entities';
import type { ValueContext } from '../../values/scoped-values';

/**
 * The attributes a value write replaces, built from the locked current record (so a change set's
 * oldValue checks and merges see the row no one else can move), with the issues found.
 */
export type ValuesBuilder = (context: ValueContext, current: Readonly<RecordEntity>) => { issues: ValidationIssue[]; values: ValuesMap };

/** What the version of the locked row must be for the write to go ahead. */
export interface VersionGuard {
  /** The client's If-Match: another version is `precondition-failed` (412). */
  expectedVersion?: number;
  /**
   * The version a decision was taken on (e.g. the completeness score a gated transition read):
   * another version is `stale-write` (409) with the current version, so the decision is taken again.
   */
  decidedOnVersion?: number;
}

/** One write of one record. Every record write of the service is one of these, through RecordWriter. */
export type RecordMutation =
  | { kind: 'create'; schemaId: string; values: ValuesMap; parentId?: string; /** A caller-chosen id (the demo, a bulk upsert keyed by id); generated otherwise. */ id?: string }
  | ({ kind: 'set-values'; id: string; build: ValuesBuilder } & VersionGuard)
  | ({ kind: 'delete'; id: string } & VersionGuard)
  | ({ kind: 'move-state'; id: string; fromStateId: string; toStateId: string; transitionId: string } & VersionGuard)
  /** The record's category assignments changed in this transaction (the caller wrote them): audit and version it. */
  | { kind: 'categories'; id: string; change: ValueChange };

export type RecordEventEnvelope = EventEnvelope<string, unknown>;

/** What one mutation committed (or will commit with the caller's transaction). */
export interface Committed {
  /** The record after the write; for a delete, the root as it was at its final version. */
  record: RecordEntity;
  /** The outbox events the write appended (none when it changed nothing). */
  events: RecordEventEnvelope[];
  /** A delete's removed ids: the root and its variants, deepest first. */
  deleted?: string[];
}

/** The outcome of one mutation of a batch: applied, or failed without writing anything. */
export type MutationOutcome = { ok: true; committed: Committed } | { ok: false; error: DomainError };
