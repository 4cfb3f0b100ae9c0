import type { OperationDto, RevisionDiff } from '../../api';
import { describe, expect, it } from 'vitest';
import { describeDiff, markOf, newestFirst, onlyMarked, reviewMemory, sinceLastReview, sinceMarks } from './since-last-review';

const operation = (id: string, changes: OperationDto['changes']): OperationDto => ({ id, type: 'update', entityId: 'ent-1', schemaId: 'schema-apparel', status: 'pending', changes });

const diff: RevisionDiff = {
  changeSetId: 'cs-1',
  from: 1,
  to: 2,
  operationsAdded: [{ operationId: 'op-new', type: 'update', entityId: 'ent-3', schemaId: 'schema-apparel', changeCount: 1 }],
  operationsRemoved: [{ operationId: 'op-gone', type: 'update', entityId: 'ent-2', schemaId: 'schema-apparel', changeCount: 2 }],
  changes: [
    { operationId: 'op-1', attributeAlias: 'short-description', scope: {}, kind: 'changed', before: 'Old', after: 'New' },
    // Key order of a scope does not matter.
    { operationId: 'op-1', attributeAlias: 'product-name', scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, kind: 'added', after: 'Skjorte' },
    { operationId: 'op-1', attributeAlias: 'price', scope: {}, kind: 'removed', before: 10 },
  ],
  counts: { operationsAdded: 1, operationsRemoved: 1, changesAdded: 1, changesRemoved: 1, changesChanged: 1 },
  truncated: false,
};

describe('sinceLastReview', () => {
  it('compares with the revision the reviewer last acted on when it is older', () => {
    expect(sinceLastReview(3, 1)).toEqual({ base: 1, reviewed: true });
  });

  it('falls back to the previous revision when the reviewer has not acted, or already acted on this one', () => {
    expect(sinceLastReview(3, undefined)).toEqual({ base: 2, reviewed: false });
    expect(sinceLastReview(3, 3)).toEqual({ base: 2, reviewed: false });
    expect(sinceLastReview(3, 7)).toEqual({ base: 2, reviewed: false });
  });

  it('has nothing to compare for a draft or a first submission', () => {
    expect(sinceLastReview(undefined, 1)).toBeUndefined();
    expect(sinceLastReview(0, undefined)).toBeUndefined();
    expect(sinceLastReview(1, 1)).toBeUndefined();
  });
});

describe('sinceMarks / markOf / onlyMarked', () => {
  const marks = sinceMarks(diff);
  const op1 = operation('op-1', [
    { attributeAlias: 'short-description', scope: {}, newValue: 'New' },
    { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, newValue: 'Skjorte' },
    { attributeAlias: 'material', newValue: 'Cotton' },
  ]);
  const added = operation('op-new', [{ attributeAlias: 'material', newValue: 'Wool' }]);
  const untouched = operation('op-2', [{ attributeAlias: 'short-description', scope: {}, newValue: 'Same' }]);

  it('marks changed and added changes, every change of an added operation, and nothing else', () => {
    expect(op1.changes.map((change) => markOf(marks, op1, change))).toEqual(['changed', 'added', undefined]);
    expect(markOf(marks, added, added.changes[0])).toBe('added');
    expect(markOf(marks, untouched, untouched.changes[0])).toBeUndefined();
    expect(markOf(undefined, op1, op1.changes[0])).toBeUndefined();
  });

  it('keeps only operations with marked changes, and only those changes', () => {
    expect(onlyMarked([op1, untouched, added], marks)).toEqual([{ ...op1, changes: op1.changes.slice(0, 2) }, added]);
  });
});

describe('describeDiff', () => {
  it('says what changed from the complete counts', () => {
    expect(describeDiff(diff)).toBe('1 change with a new value, 1 change added, 1 change removed, 1 operation added, 1 operation removed');
    expect(describeDiff({ ...diff, counts: { operationsAdded: 0, operationsRemoved: 0, changesAdded: 0, changesRemoved: 0, changesChanged: 2 } })).toBe('2 changes with a new value');
    expect(describeDiff({ ...diff, counts: { operationsAdded: 0, operationsRemoved: 0, changesAdded: 0, changesRemoved: 0, changesChanged: 0 } })).toBe('nothing changed');
  });
});

describe('newestFirst', () => {
  it('orders the timeline from the latest revision', () => {
    const at = '2025-03-01T10:00:00Z';
    const revisions = [1, 3, 2].map((revision) => ({ revision, submittedAt: at, submittedBy: 'user-agent', operationCount: 1 }));
    expect(newestFirst(revisions).map((entry) => entry.revision)).toEqual([3, 2, 1]);
  });
});

describe('reviewMemory', () => {
  it('remembers the revision per user and set, ignoring garbage and a storage that refuses', () => {
    const store = new Map<string, string>();
    const memory = reviewMemory({ getItem: (key) => store.get(key) ?? null, setItem: (key, value) => void store.set(key, value) });
    expect(memory.last('user-reviewer', 'cs-1')).toBeUndefined();
    memory.remember('user-reviewer', 'cs-1', 2);
    expect(memory.last('user-reviewer', 'cs-1')).toBe(2);
    expect(memory.last('user-editor', 'cs-1')).toBeUndefined();
    store.set('sigma.reviewed.user-reviewer.cs-2', 'x');
    expect(memory.last('user-reviewer', 'cs-2')).toBeUndefined();
    const full = reviewMemory({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => full.remember('u', 'cs', 1)).not.toThrow();
    expect(reviewMemory(undefined).last('u', 'cs')).toBeUndefined();
  });
});
