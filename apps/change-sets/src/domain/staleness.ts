import {
  type ChangeSetStatus,
  DomainError,
  ErrorCodes,
  MAX_REPORTED_ISSUES,
  normalizeScope,
  type OperationDto,
  type OperationStatus,
  type OperationType,
  type ProposedChangeInput,
  type StaleChangeDetail,
  type StaleProbe,
} from '@sigma/contracts';
import { ChangeSetStatusGroups } from './change-set-status';
import { OPEN_OPERATION_STATUSES } from './operation-status';

/** What staleness needs of an operation. */
export interface StaleCheckOperation {
  id: string;
  type: OperationType;
  entityId?: string | null;
  status: OperationStatus;
  changes: readonly ProposedChangeInput[];
}

/** One change to compare with the record, and where it sits in the set. */
export interface StaleCandidate {
  operationId: string;
  /** The operation's index in the set (for `operations[i].changes[j]`). */
  operationIndex: number;
  changeIndex: number;
  probe: StaleProbe;
}

export interface StaleFinding extends StaleCandidate {
  currentValue: unknown;
}

/**
 * The changes a stale check applies to: those giving an `oldValue` in update operations that may
 * still reach the record (pending or approved) of a set not yet applied or rejected. After apply an
 * oldValue is history, not a warning.
 */
export function staleCandidates(setStatus: ChangeSetStatus, operations: readonly StaleCheckOperation[], firstIndex = 0): StaleCandidate[] {
  if ((ChangeSetStatusGroups.closed as readonly ChangeSetStatus[]).includes(setStatus)) return [];
  const open = OPEN_OPERATION_STATUSES as readonly OperationStatus[];
  return operations.flatMap((operation, offset) => {
    const { entityId } = operation;
    if (operation.type !== 'update' || !entityId || !open.includes(operation.status)) return [];
    return operation.changes.flatMap((change, changeIndex) =>
      change.oldValue === undefined
        ? []
        : [
            {
              operationId: operation.id,
              operationIndex: firstIndex + offset,
              changeIndex,
              probe: { entityId, attributeAlias: change.attributeAlias, scope: change.scope ?? {}, oldValue: change.oldValue },
            },
          ],
    );
  });
}

/** The operations as read, each stale change carrying `stale: true` and the record's `currentValue`. */
export function markStale(operations: OperationDto[], findings: readonly StaleFinding[]): OperationDto[] {
  if (findings.length === 0) return operations;
  const byOperation = new Map<string, Map<number, unknown>>();
  for (const finding of findings) {
    const changes = byOperation.get(finding.operationId) ?? new Map<number, unknown>();
    changes.set(finding.changeIndex, finding.currentValue);
    byOperation.set(finding.operationId, changes);
  }
  return operations.map((operation) => {
    const stale = byOperation.get(operation.id);
    if (!stale) return operation;
    return {
      ...operation,
      changes: operation.changes.map((change, index) => (stale.has(index) ? { ...change, stale: true as const, currentValue: stale.get(index) } : change)),
    };
  });
}

/** The 409 details of an approval refused for stale changes. */
export function staleChangeDetails(findings: readonly StaleFinding[]): StaleChangeDetail[] {
  return findings.map((finding) => ({
    operationId: finding.operationId,
    field: `operations[${finding.operationIndex}].changes[${finding.changeIndex}]`,
    attributeAlias: finding.probe.attributeAlias,
    scope: normalizeScope(finding.probe.scope ?? {}),
    expected: finding.probe.oldValue,
    actual: finding.currentValue,
  }));
}

/** The 409 refusing to approve stale changes without `allowStale`, listing them (at most MAX_REPORTED_ISSUES). */
export function staleChangeError(findings: readonly StaleFinding[]): DomainError {
  const details = staleChangeDetails(findings.slice(0, MAX_REPORTED_ISSUES));
  const fields = details.slice(0, 5).map((detail) => `${detail.field} (${detail.attributeAlias})`).join(', ');
  return new DomainError(
    ErrorCodes.staleChange,
    `${findings.length} change(s) to approve no longer match the record (${fields}${findings.length > 5 ? ', …' : ''}); ` +
      'review the current values and approve again with allowStale: true',
    details,
  );
}
