import type {
  CompletenessPreviewItem,
  CompletenessPreviewResult,
  CompletenessPreviewSummary,
  CompletenessScore,
  OperationCompletenessPreview,
  OperationDto,
} from '@sigma/contracts';
import { changesToApply } from './change-decisions';

/** Operations whose changes may still be applied: the ones a preview is about. */
const OPEN_STATUSES = new Set<OperationDto['status']>(['pending', 'approved']);

/**
 * What the workflow is asked to score for an operation, or why it is not asked: deletes have no
 * "after", and a rejected, applied or failed operation will not be applied. Only the changes apply
 * would write count (a rejected change is not applied).
 */
export function previewRequestOf(operation: OperationDto): CompletenessPreviewItem | { reason: 'delete' | 'not-open'; message: string } {
  if (operation.type === 'delete') return { reason: 'delete', message: 'a delete leaves no record to score' };
  if (!OPEN_STATUSES.has(operation.status)) return { reason: 'not-open', message: `the operation is ${operation.status}, so none of its changes will be applied` };
  const changes = changesToApply(operation.changes).map(({ attributeAlias, scope, newValue }) => ({ attributeAlias, scope: scope ?? {}, newValue }));
  return operation.type === 'create' ? { schemaId: operation.schemaId, changes } : { recordId: operation.entityId, changes };
}

/** The operation's entry of the page, with the workflow's answer when it was asked. */
export function operationPreview(operation: OperationDto, result: CompletenessPreviewResult | { reason: 'delete' | 'not-open'; message: string }): OperationCompletenessPreview {
  const base = {
    operationId: operation.id,
    type: operation.type,
    ...(operation.entityId !== undefined && { entityId: operation.entityId }),
    schemaId: operation.schemaId,
    status: operation.status,
    countedChanges: operation.type === 'delete' || !OPEN_STATUSES.has(operation.status) ? 0 : changesToApply(operation.changes).length,
  };
  if ('reason' in result) return { ...base, notPreviewed: { reason: result.reason, message: result.message } };
  if ('error' in result) return { ...base, notPreviewed: { reason: 'unscorable', code: result.error.code, message: result.error.message } };
  return { ...base, preview: result };
}

/**
 * Per state, the records incomplete before and complete after (by slots, not the rounded
 * percentage); a record previewed by several operations counts once per state.
 */
export function summarize(previews: readonly OperationCompletenessPreview[]): CompletenessPreviewSummary {
  const byState = new Map<string, Set<string>>();
  let operations = 0;
  for (const item of previews) {
    if (!item.preview) continue;
    operations++;
    const record = item.entityId ?? item.operationId;
    for (const { lifecycleStateId, before, after } of [item.preview.state, ...item.preview.next]) {
      if (isComplete(before) || !isComplete(after)) continue;
      let records = byState.get(lifecycleStateId);
      if (!records) byState.set(lifecycleStateId, (records = new Set()));
      records.add(record);
    }
  }
  return { recordsBecomingComplete: Object.fromEntries([...byState].map(([stateId, records]) => [stateId, records.size])), operations };
}

const isComplete = (score: CompletenessScore) => score.filled === score.total;
