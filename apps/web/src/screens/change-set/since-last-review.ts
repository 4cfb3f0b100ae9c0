import type { OperationDto, ProposedChangeDto, RevisionDiff, RevisionSummary, Scope } from '../../api';
import { scopeKey } from '../../components/format';

/** How a change differs from the revision the reviewer compares with. */
export type SinceMark = 'added' | 'changed';

export interface SinceLastReview {
  /** The revision compared with the current one. */
  base: number;
  /** Whether `base` is the revision the reviewer last acted on (else: the previous one). */
  reviewed: boolean;
}

/**
 * Which revision to compare the current one with: the one the reviewer last acted on when it is
 * older, else the previous one; none for a first submission.
 */
export function sinceLastReview(current: number | undefined, lastReviewed: number | undefined): SinceLastReview | undefined {
  if (!current || current < 2) return undefined;
  if (lastReviewed !== undefined && lastReviewed >= 1 && lastReviewed < current) return { base: lastReviewed, reviewed: true };
  return { base: current - 1, reviewed: false };
}

const changeKey = (operationId: string, attributeAlias: string, scope: Scope | undefined) => `${operationId}|${attributeAlias}|${scopeKey(scope)}`;

/** The changes a revision diff marks, by operation × attribute × scope; an added operation marks all its changes. */
export interface SinceMarks {
  operations: ReadonlySet<string>;
  changes: ReadonlyMap<string, SinceMark>;
}

export function sinceMarks(diff: RevisionDiff): SinceMarks {
  const changes = new Map<string, SinceMark>();
  for (const entry of diff.changes) {
    if (entry.kind === 'removed') continue;
    changes.set(changeKey(entry.operationId, entry.attributeAlias, entry.scope), entry.kind);
  }
  return { operations: new Set(diff.operationsAdded.map((entry) => entry.operationId)), changes };
}

export function markOf(marks: SinceMarks | undefined, operation: OperationDto, change: ProposedChangeDto): SinceMark | undefined {
  if (!marks) return undefined;
  if (marks.operations.has(operation.id)) return 'added';
  return marks.changes.get(changeKey(operation.id, change.attributeAlias, change.scope));
}

/** Only the operations with marked changes, each with only those changes (the "changes since" filter). */
export function onlyMarked(operations: readonly OperationDto[], marks: SinceMarks): OperationDto[] {
  return operations.flatMap((operation) => {
    const changes = operation.changes.filter((change) => markOf(marks, operation, change));
    return changes.length > 0 ? [{ ...operation, changes }] : [];
  });
}

/** "2 changes changed, 1 added, 1 operation added, 1 removed" from the diff's complete counts. */
export function describeDiff(diff: RevisionDiff): string {
  const { changesChanged, changesAdded, changesRemoved, operationsAdded, operationsRemoved } = diff.counts;
  const parts = [
    changesChanged && `${changesChanged} change${changesChanged === 1 ? '' : 's'} with a new value`,
    changesAdded && `${changesAdded} change${changesAdded === 1 ? '' : 's'} added`,
    changesRemoved && `${changesRemoved} change${changesRemoved === 1 ? '' : 's'} removed`,
    operationsAdded && `${operationsAdded} operation${operationsAdded === 1 ? '' : 's'} added`,
    operationsRemoved && `${operationsRemoved} operation${operationsRemoved === 1 ? '' : 's'} removed`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'nothing changed';
}

/** The latest revision first, as a timeline reads. */
export const newestFirst = (revisions: readonly RevisionSummary[]) => [...revisions].sort((a, b) => b.revision - a.revision);

/** The revision a reviewer last acted on, per user and set, kept in the browser (the API does not record it). */
export interface ReviewMemory {
  last: (userId: string, changeSetId: string) => number | undefined;
  remember: (userId: string, changeSetId: string, revision: number) => void;
}

export function reviewMemory(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): ReviewMemory {
  const key = (userId: string, changeSetId: string) => `sigma.reviewed.${userId}.${changeSetId}`;
  return {
    last: (userId, changeSetId) => {
      const stored = Number(storage?.getItem(key(userId, changeSetId)));
      return Number.isInteger(stored) && stored > 0 ? stored : undefined;
    },
    remember: (userId, changeSetId, revision) => {
      try {
        storage?.setItem(key(userId, changeSetId), String(revision));
      } catch {
        // A full or disabled storage only loses the hint; the previous revision is compared instead.
      }
    },
  };
}
