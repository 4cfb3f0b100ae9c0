import type { ChangeSetDto, FeedbackSummary, OperationDto, ProposedChangeDto } from '../../api';

/** One line of the virtualised review list. */
export type ReviewRow =
  | { kind: 'record'; key: string; entityId?: string; name: string; sku?: string; schemaId: string; operationCount: number }
  | { kind: 'operation'; key: string; operation: OperationDto }
  | { kind: 'change'; key: string; operation: OperationDto; change: ProposedChangeDto; ordinal: number };

/** Operations grouped by the record they target (in order of first appearance); each change is a row of its own. */
export function reviewRows(operations: readonly OperationDto[]): ReviewRow[] {
  const groups = new Map<string, OperationDto[]>();
  for (const operation of operations) {
    const key = operation.entityId ?? `new:${operation.id}`;
    const group = groups.get(key);
    if (group) group.push(operation);
    else groups.set(key, [operation]);
  }
  const rows: ReviewRow[] = [];
  let ordinal = 0;
  for (const [key, group] of groups) {
    const first = group[0];
    rows.push({
      kind: 'record',
      key: `record:${key}`,
      entityId: first.entityId,
      name: first.entityName ?? (first.type === 'create' ? 'New record' : (first.entityId ?? 'Record')),
      sku: first.entitySku,
      schemaId: first.schemaId,
      operationCount: group.length,
    });
    for (const operation of group) {
      rows.push({ kind: 'operation', key: `operation:${operation.id}`, operation });
      operation.changes.forEach((change, index) => {
        rows.push({ kind: 'change', key: `change:${operation.id}:${index}`, operation, change, ordinal: ordinal++ });
      });
    }
  }
  return rows;
}

/** What a revision request will report, counted as the service counts it (ratings per change, snippets per annotation). */
export function previewFeedback(set: ChangeSetDto): FeedbackSummary {
  const changes = set.operations.flatMap((operation) => operation.changes);
  const good = changes.filter((change) => change.rating === 'good').length;
  const bad = changes.filter((change) => change.rating === 'bad').length;
  const snippets = changes.reduce((sum, change) => sum + (change.annotations?.length ?? 0), 0);
  return { good, bad, unrated: changes.length - good - bad, snippets };
}

export type OperationOutcome = { result: 'applied' | 'skipped' | 'error' | 'pending'; reason?: string };

/** An operation's result after an apply: applied, skipped (rejected), or an error with its reason. */
export function operationOutcome(set: ChangeSetDto, operation: OperationDto): OperationOutcome {
  if (operation.status === 'applied') return { result: 'applied' };
  if (operation.status === 'rejected') return { result: 'skipped', reason: operation.reviewNote ? `rejected: ${operation.reviewNote}` : 'rejected' };
  const error = operation.error ?? set.applyResult?.errors.find((item) => item.operationId === operation.id);
  if (operation.status === 'failed' || error) return { result: 'error', reason: error ? `${error.message} (${error.code})` : 'failed' };
  return { result: 'pending' };
}
