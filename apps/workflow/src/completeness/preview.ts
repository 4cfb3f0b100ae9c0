import {
  COMPLETENESS_PREVIEW_MAX_ITEMS,
  type CompletenessPreview,
  type CompletenessPreviewItem,
  type CompletenessPreviewRequest,
  type CompletenessScore,
  DomainError,
  type ProposedValueChange,
  setScopedValue,
  type TransitionDto,
  type ValidationIssue,
  type ValuesMap,
  type WorkflowDto,
} from '@sigma/contracts';
import { type CompletenessPlan, percentageOf } from '@sigma/completeness';

/** The compiled rules a record is previewed against: its state's, and each gated next transition's target state's. */
export interface PreviewPlans {
  state: CompletenessPlan;
  next: { transitionId: string; plan: CompletenessPlan }[];
}

/**
 * A record's completeness before and after proposed changes, scored by the same plans as every
 * other completeness answer (hidden guarded attributes count for neither side; a change that
 * reveals or hides one moves `total`).
 */
export function previewCompleteness(plans: PreviewPlans, values: ValuesMap, changes: readonly ProposedValueChange[]): CompletenessPreview {
  const after = withChanges(values, changes);
  const stateBefore = scoreOf(plans.state, values);
  const stateAfter = scoreOf(plans.state, after);
  // Read right after scoring `after`: the plan keeps only the last record's slots.
  const missingAfter = plans.state.missingOfLast(stateAfter.total - stateAfter.filled);
  return {
    state: { lifecycleStateId: plans.state.lifecycleStateId, before: stateBefore, after: stateAfter, missingAfter },
    next: plans.next.map(({ transitionId, plan }) => ({
      lifecycleStateId: plan.lifecycleStateId,
      transitionId,
      before: scoreOf(plan, values),
      after: scoreOf(plan, after),
    })),
  };
}

/**
 * The values once the changes are written, as apply writes them: each change sets one attribute ×
 * scope (replacing the value of that scope), and a null newValue clears it. `values` is not changed.
 */
export function withChanges(values: ValuesMap, changes: readonly ProposedValueChange[]): ValuesMap {
  if (changes.length === 0) return values;
  const next: ValuesMap = { ...values };
  const copied = new Set<string>();
  for (const change of changes) {
    const alias = change.attributeAlias;
    if (!copied.has(alias)) {
      next[alias] = [...(values[alias] ?? [])];
      copied.add(alias);
    }
    setScopedValue(next[alias], change.scope ?? {}, change.newValue);
  }
  return next;
}

/** The transitions out of a state whose target state a record must be complete for. */
export function gatedTransitionsFrom(workflow: WorkflowDto, stateId: string): TransitionDto[] {
  return workflow.transitions.filter((transition) => transition.fromStateId === stateId && transition.requiresCompleteness);
}

function scoreOf(plan: CompletenessPlan, values: ValuesMap): CompletenessScore {
  const { filled, total } = plan.score(values);
  return { percentage: percentageOf(filled, total), filled, total };
}

/** 400 naming the field: a bounded batch of items, each naming a record or (for a create) a schema, with a list of changes. */
export function validPreviewItems(request: CompletenessPreviewRequest): CompletenessPreviewItem[] {
  const items: unknown = request?.items;
  if (!Array.isArray(items) || items.length > COMPLETENESS_PREVIEW_MAX_ITEMS) {
    throw DomainError.validation([{ field: 'items', rule: 'maxSize', message: `items must be an array of at most ${COMPLETENESS_PREVIEW_MAX_ITEMS}` }]);
  }
  const issues: ValidationIssue[] = [];
  items.forEach((item: Partial<CompletenessPreviewItem> | null, i) => {
    const hasRecord = typeof item?.recordId === 'string';
    const hasSchema = typeof item?.schemaId === 'string';
    if (hasRecord === hasSchema) issues.push({ field: `items[${i}].recordId`, rule: 'oneOf', message: 'give either recordId or schemaId' });
    if (!Array.isArray(item?.changes)) issues.push({ field: `items[${i}].changes`, rule: 'required', message: 'changes must be an array' });
  });
  if (issues.length > 0) throw DomainError.validation(issues.slice(0, 100));
  return items as CompletenessPreviewItem[];
}
