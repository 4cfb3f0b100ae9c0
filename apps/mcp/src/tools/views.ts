/**
 * What the read tools answer: the API's data shaped for a model, with the few explanations it
 * needs next to the data (what a value must look like, what a status means for the agent).
 */
import type { DataType } from '@sigma/contracts';
import type { ChangeSetDto, ChangeSetStatus, DimensionDto, MessageDto, RecordDto, SchemaDto, WorkflowDto } from '../api/sigma-api';

/** The JSON a value of each data type must be (the API validates it; this tells the model up front). */
export const VALUE_TYPES: Record<DataType, string> = {
  text: 'string',
  richtext: 'string (formatted text)',
  number: 'number',
  integer: 'whole number',
  boolean: 'true or false',
  date: 'string "YYYY-MM-DD" (or an ISO 8601 date-time)',
  select: 'one string from rules.options',
  multiselect: 'array of distinct strings from rules.options',
  url: 'string, an absolute http(s) URL',
};

export const NEXT_STEP: Record<ChangeSetStatus, string> = {
  draft: 'Not submitted for review (propose_change_set always submits; this draft was made another way).',
  pending_approval: 'Waiting for a reviewer. Check again later with get_review_feedback.',
  revision_requested:
    'A reviewer asked for changes. Read the ratings (bad = rejected idea), the annotations (text spans with notes) and the messages, ' +
    'then fix the proposal with revise_change_set and send it back with resubmit_change_set (a message explaining the changes helps).',
  approved: 'Approved; a reviewer applies it to the records. Nothing to do.',
  applying: 'Being applied to the records now (applyProgress shows how far). Nothing to do.',
  rejected: 'Rejected; nothing will be applied. Read the review notes and messages; propose a new change set if a corrected proposal makes sense.',
  applied: 'Applied to the records.',
  partially_applied: 'Applied in part: operations with status failed carry an error (e.g. conflict when a value changed after your oldValue).',
};

export function recordView(record: Pick<RecordDto, 'id' | 'schemaId' | 'lifecycleStateId' | 'parentId' | 'version' | 'updatedAt'> & { values: unknown }) {
  return {
    id: record.id,
    schemaId: record.schemaId,
    lifecycleStateId: record.lifecycleStateId,
    parentId: record.parentId,
    version: record.version,
    updatedAt: record.updatedAt,
    values: record.values,
  };
}

function scopesOf(dimensionIds: readonly string[], dimensions: ReadonlyMap<string, DimensionDto>): string {
  if (dimensionIds.length === 0) return 'global only: scope {}';
  const parts = dimensionIds.map((dimensionId) => `"${dimensionId}": ${(dimensions.get(dimensionId)?.segments ?? []).map((segment) => `"${segment.id}"`).join(' | ')}`);
  return `per { ${parts.join(', ')} }; {} is a separate global value`;
}

export function schemaView(schema: SchemaDto, dimensions: readonly DimensionDto[], workflow: WorkflowDto | undefined) {
  const byId = new Map(dimensions.map((dimension) => [dimension.id, dimension]));
  const used = new Set(schema.attributes.flatMap((attribute) => attribute.dimensionIds));
  return {
    id: schema.id,
    name: schema.name,
    description: schema.description,
    initialLifecycleStateId: schema.initialLifecycleStateId,
    attributes: schema.attributes.map((attribute) => ({
      alias: attribute.alias,
      name: attribute.name,
      dataType: attribute.dataType,
      valueType: VALUE_TYPES[attribute.dataType] ?? 'see dataType',
      dimensionIds: attribute.dimensionIds,
      scopes: scopesOf(attribute.dimensionIds, byId),
      rules: attribute.rules,
      ...(attribute.guard && {
        guard: {
          ...attribute.guard,
          meaning: `applies to a record only when its global ${attribute.guard.attributeAlias} ${attribute.guard.operator}${
            attribute.guard.value === undefined ? '' : ` ${JSON.stringify(attribute.guard.value)}`
          }; otherwise it is neither filled nor missing`,
        },
      }),
    })),
    dimensions: dimensions
      .filter((dimension) => used.has(dimension.id))
      .map((dimension) => ({ id: dimension.id, name: dimension.name, segments: dimension.segments.map(({ id, name }) => ({ id, name })) })),
    workflow: workflow
      ? {
          id: workflow.id,
          name: workflow.name,
          initialStateId: workflow.initialStateId,
          completeness:
            'A record is complete in a state when every required attribute has a non-empty value in every slot: one slot ({}) ' +
            'for an attribute without dimensions, else one per combination of its dimensions\' segments (the global value does not count).',
          states: workflow.states.map((state) => ({ id: state.id, name: state.name, requiredAttributes: state.requiredAttributes })),
          transitions: workflow.transitions.map(({ id, name, fromStateId, toStateId, requiresCompleteness }) => ({ id, name, fromStateId, toStateId, requiresCompleteness })),
        }
      : null,
  };
}

export function changeSetSummary(changeSet: ChangeSetDto) {
  return {
    id: changeSet.id,
    title: changeSet.title,
    status: changeSet.status,
    revisionCount: changeSet.revisionCount,
    source: changeSet.source,
    createdBy: changeSet.createdBy,
    updatedAt: changeSet.updatedAt,
    operationCount: changeSet.operationCount ?? changeSet.operations.length,
  };
}

export function feedbackView(changeSet: ChangeSetDto, messages: readonly MessageDto[]) {
  return {
    id: changeSet.id,
    title: changeSet.title,
    status: changeSet.status,
    nextStep: NEXT_STEP[changeSet.status],
    revisionCount: changeSet.revisionCount,
    createdBy: changeSet.createdBy,
    submittedAt: changeSet.submittedAt,
    updatedAt: changeSet.updatedAt,
    reviewNote: changeSet.reviewNote,
    feedbackSummary: changeSet.feedbackSummary,
    applyResult: changeSet.applyResult,
    operations: changeSet.operations.map((operation) => ({
      id: operation.id,
      type: operation.type,
      entityId: operation.entityId,
      entityName: operation.entityName,
      entitySku: operation.entitySku,
      schemaId: operation.schemaId,
      status: operation.status,
      reviewNote: operation.reviewNote,
      error: operation.error,
      changes: operation.changes.map((change) => ({
        attributeAlias: change.attributeAlias,
        scope: change.scope ?? {},
        oldValue: change.oldValue,
        newValue: change.newValue,
        confidence: change.confidence,
        reasoning: change.reasoning,
        rating: change.rating,
        decision: change.decision,
        annotations: (change.annotations ?? []).map(({ id, text, startOffset, endOffset, sentiment, note, createdBy }) => ({
          id,
          text,
          startOffset,
          endOffset,
          sentiment,
          note,
          createdBy,
        })),
      })),
    })),
    messages: messages.map(({ authorName, authorType, timestamp, body, operationId }) => ({ authorName, authorType, timestamp, body, operationId })),
  };
}
