import type { AuditEntryDto, OperationInput, OperationType } from '@sigma/contracts';

/** An operation of the set being reverted that apply applied. */
export interface AppliedOperation {
  id: string;
  type: OperationType;
  entityId?: string | null;
  schemaId: string;
}

/** What revert reads of an audit entry the apply wrote. */
export type AppliedEntry = Pick<AuditEntryDto, 'entityId' | 'action' | 'changes' | 'operationId'>;

/**
 * The inverse of what an apply wrote, from its audit entries, last operation first (so operations
 * on the same record undo in reverse order):
 * - an update sets back each value it moved, its `oldValue` the value the apply wrote (so a later
 *   edit shows the change as stale), its `newValue` the value before (null: there was none);
 * - a create becomes a delete of the record it created;
 * - a delete becomes a create with the values the record had (a new record: ids are not reused).
 *   Records deleted with it (its variants) are not recreated.
 * An operation without an entry wrote nothing (no value changed) and has nothing to undo.
 */
export function inverseOperations(applied: readonly AppliedOperation[], entries: readonly AppliedEntry[]): OperationInput[] {
  const byOperation = new Map<string, AppliedEntry[]>();
  for (const entry of entries) {
    if (!entry.operationId) continue;
    const list = byOperation.get(entry.operationId) ?? [];
    list.push(entry);
    byOperation.set(entry.operationId, list);
  }
  return [...applied].reverse().flatMap((operation) => {
    const own = byOperation.get(operation.id) ?? [];
    const inverse = inverseOf(operation, own);
    return inverse ? [inverse] : [];
  });
}

function inverseOf(operation: AppliedOperation, entries: readonly AppliedEntry[]): OperationInput | undefined {
  const { schemaId } = operation;
  switch (operation.type) {
    case 'update': {
      const changes = entries
        .filter((entry) => entry.action === 'update' && entry.entityId === operation.entityId)
        .flatMap((entry) => entry.changes)
        .map(({ attributeAlias, scope, oldValue, newValue }) => ({ attributeAlias, scope, oldValue: newValue, newValue: oldValue }));
      return changes.length > 0 && operation.entityId ? { type: 'update', entityId: operation.entityId, schemaId, changes } : undefined;
    }
    case 'create': {
      const created = entries.find((entry) => entry.action === 'create');
      return created ? { type: 'delete', entityId: created.entityId, schemaId, changes: [] } : undefined;
    }
    case 'delete': {
      const deleted = entries.find((entry) => entry.action === 'delete' && entry.entityId === operation.entityId);
      if (!deleted) return undefined;
      const changes = deleted.changes
        .filter((change) => change.oldValue !== null && change.oldValue !== undefined)
        .map(({ attributeAlias, scope, oldValue }) => ({ attributeAlias, scope, newValue: oldValue }));
      return { type: 'create', schemaId, changes };
    }
    default:
      return undefined;
  }
}

/** The title of the set that reverts `title`. */
export function revertTitle(title: string): string {
  return `Revert: ${title}`;
}
