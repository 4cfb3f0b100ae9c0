import {
  CHANGE_SET_PAGE_MAX_JSON_BYTES,
  jsonEqual,
  normalizeScope,
  type OperationType,
  type ProposedChangeDto,
  type ProposedChangeInput,
  REVISION_DIFF_MAX_ENTRIES,
  type RevisionChangeDiff,
  type RevisionDiffDto,
  type RevisionOperationRef,
  type Scope,
  scopeKey,
} from '@sigma/contracts';

/** An operation as revisions compare it: what it proposes (review state, if any, is ignored). */
export interface RevisionOperation {
  id: string;
  type: OperationType;
  entityId?: string | null;
  schemaId: string;
  changes: readonly ProposedChangeDto[];
}

/** The change a rating or annotation belongs to: attribute × scope. */
export interface ChangeKey {
  attributeAlias: string;
  scope: Scope;
}

const keyOf = (change: { attributeAlias: string; scope?: Scope }) => `${change.attributeAlias}\u0000${scopeKey(change.scope ?? {})}`;

/** What a revision stores of an operation's changes: the proposal only (ratings and annotations are review state). */
export function proposalOf(change: ProposedChangeDto): ProposedChangeInput {
  const { rating: _rating, annotations: _annotations, ...proposal } = change;
  return { ...proposal, scope: change.scope ?? {} };
}

/**
 * The source replaces an operation's changes: a rating stays on a change (attribute × scope) whose
 * proposed value is unchanged, since the reviewer's judgement still holds; on a change whose value
 * changed, or that is gone, it no longer does, and `outdated` names those changes so their
 * annotations (spans of the old text) are dropped too.
 */
export function carryOverFeedback(
  previous: readonly ProposedChangeDto[],
  next: readonly ProposedChangeInput[],
): { changes: ProposedChangeDto[]; outdated: ChangeKey[] } {
  const before = new Map(previous.map((change) => [keyOf(change), change]));
  const kept = new Set<string>();
  const changes = next.map((change) => {
    const key = keyOf(change);
    const old = before.get(key);
    const proposal: ProposedChangeDto = { ...change, scope: change.scope ?? {} };
    if (!old || !jsonEqual(old.newValue, change.newValue)) return proposal;
    kept.add(key);
    return old.rating ? { ...proposal, rating: old.rating } : proposal;
  });
  const outdated = previous
    .filter((change) => !kept.has(keyOf(change)))
    .map((change) => ({ attributeAlias: change.attributeAlias, scope: normalizeScope(change.scope ?? {}) }));
  return { changes, outdated };
}

/** Whether an annotation is on one of `keys` (scope key order ignored). */
export function isOnAny(annotation: { attributeAlias: string; scope: Scope }, keys: readonly ChangeKey[]): boolean {
  const key = keyOf(annotation);
  return keys.some((candidate) => keyOf(candidate) === key);
}

/**
 * Whether two readings of a set's operations propose the same (ids, types, records, schemas and
 * changes, review state aside): what (re)submit checked must be what goes to review, and the source
 * may edit the set between the check and the write.
 */
export function sameProposal(a: readonly RevisionOperation[], b: readonly RevisionOperation[]): boolean {
  const shape = (operations: readonly RevisionOperation[]) =>
    operations.map((operation) => ({
      id: operation.id,
      type: operation.type,
      entityId: operation.entityId ?? null,
      schemaId: operation.schemaId,
      changes: operation.changes.map((change) => proposalOf(change)),
    }));
  return jsonEqual(shape(a), shape(b));
}

export interface DiffLimits {
  maxEntries: number;
  maxBytes: number;
}

type Diff = Omit<RevisionDiffDto, 'changeSetId' | 'from' | 'to'>;

const refOf = (operation: RevisionOperation): RevisionOperationRef => ({
  operationId: operation.id,
  type: operation.type,
  ...(operation.entityId ? { entityId: operation.entityId } : {}),
  schemaId: operation.schemaId,
  changeCount: operation.changes.length,
});

/** The change-level differences of an operation present in both revisions, in the later one's order, then the removed ones. */
function changeDiffs(operationId: string, before: readonly ProposedChangeInput[], after: readonly ProposedChangeInput[]): RevisionChangeDiff[] {
  const earlier = new Map(before.map((change) => [keyOf(change), change]));
  const later = new Set(after.map(keyOf));
  const at = (change: ProposedChangeInput) => ({ operationId, attributeAlias: change.attributeAlias, scope: normalizeScope(change.scope ?? {}) });
  const diffs: RevisionChangeDiff[] = [];
  for (const change of after) {
    const old = earlier.get(keyOf(change));
    if (!old) diffs.push({ ...at(change), kind: 'added', after: change.newValue });
    else if (!jsonEqual(old.newValue, change.newValue)) diffs.push({ ...at(change), kind: 'changed', before: old.newValue, after: change.newValue });
  }
  for (const change of before) if (!later.has(keyOf(change))) diffs.push({ ...at(change), kind: 'removed', before: change.newValue });
  return diffs;
}

/**
 * What changed from one revision's operations to another's: operations added and removed (matched
 * by id: a replaced operation keeps its id), and per operation in both the changes (attribute ×
 * scope) added, removed or whose proposed value changed. Counts are complete; the entries stop at
 * `limits` (entries and JSON bytes), and `truncated` says so.
 */
export function diffRevisions(
  before: readonly RevisionOperation[],
  after: readonly RevisionOperation[],
  limits: DiffLimits = { maxEntries: REVISION_DIFF_MAX_ENTRIES, maxBytes: CHANGE_SET_PAGE_MAX_JSON_BYTES },
): Diff {
  const diff: Diff = {
    operationsAdded: [],
    operationsRemoved: [],
    changes: [],
    counts: { operationsAdded: 0, operationsRemoved: 0, changesAdded: 0, changesRemoved: 0, changesChanged: 0 },
    truncated: false,
  };
  let entries = 0;
  let bytes = 0;
  const take = <T>(list: T[], entry: T) => {
    const size = Buffer.byteLength(JSON.stringify(entry));
    if (diff.truncated || entries >= limits.maxEntries || bytes + size > limits.maxBytes) {
      diff.truncated = true;
      return;
    }
    entries += 1;
    bytes += size;
    list.push(entry);
  };
  const earlier = new Map(before.map((operation) => [operation.id, operation]));
  const later = new Set(after.map((operation) => operation.id));
  for (const operation of after) {
    const old = earlier.get(operation.id);
    if (!old) {
      diff.counts.operationsAdded += 1;
      take(diff.operationsAdded, refOf(operation));
      continue;
    }
    for (const change of changeDiffs(operation.id, old.changes, operation.changes)) {
      const counter = change.kind === 'added' ? 'changesAdded' : change.kind === 'removed' ? 'changesRemoved' : 'changesChanged';
      diff.counts[counter] += 1;
      take(diff.changes, change);
    }
  }
  for (const operation of before) {
    if (later.has(operation.id)) continue;
    diff.counts.operationsRemoved += 1;
    take(diff.operationsRemoved, refOf(operation));
  }
  return diff;
}
