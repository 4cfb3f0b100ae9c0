import { CHANGE_DECISIONS, CHANGE_SET_STATUSES, OPERATION_TYPES, type OperationStatus, SOURCE_TYPES } from '@sigma/contracts';
import { arrayOf, boolean, dateTime, integer, number, object, oneOfStrings, ref, refTo, type Schema, string } from './dsl';

const OPERATION_STATUSES = ['pending', 'approved', 'rejected', 'applied', 'failed'] as const satisfies readonly OperationStatus[];
const RATINGS = ['good', 'bad'] as const;

/** Change sets: proposals, their review (ratings, annotations, messages) and their apply. */
export const CHANGE_SET_SCHEMAS = {
  ChangeSetSource: object(
    { type: oneOfStrings(SOURCE_TYPES), id: string(), name: string(), context: string() },
    { optional: ['id', 'context'], description: 'What proposed the changes (descriptive; the creating user is createdBy)' },
  ),
  Annotation: object(
    {
      id: string(),
      operationId: string(),
      attributeAlias: string(),
      scope: refTo('Scope', 'Scope of the annotated change ({} global)'),
      text: string('The annotated snippet of the proposed text'),
      startOffset: integer(),
      endOffset: integer(),
      sentiment: oneOfStrings(RATINGS),
      note: string(),
      createdBy: string(),
      createdAt: dateTime(),
    },
    { optional: ['note'] },
  ),
  ProposedChange: object(
    {
      attributeAlias: string(),
      attributeName: string(),
      scope: refTo('Scope', '{} (global) when left out'),
      oldValue: refTo('JsonValue', 'The value the source saw; when given, apply refuses the change if the value changed since'),
      newValue: refTo('JsonValue', 'The proposed value; null clears the scoped value'),
      confidence: number('0..1'),
      reasoning: string(),
      rating: oneOfStrings(RATINGS),
      decision: oneOfStrings(
        CHANGE_DECISIONS,
        'The review decision on this change, in every read; pending until decided (an undecided change of a decided operation shows its operation\'s decision)',
      ),
      annotations: arrayOf(ref('Annotation')),
      stale: {
        type: 'boolean',
        enum: [true],
        description:
          'Present when the set is read: oldValue was given and no longer equals the record\'s current value in that attribute × scope ' +
          '(base = oldValue, current = currentValue, proposed = newValue). Approving it needs allowStale: true.',
      },
      currentValue: refTo('JsonValue', 'With stale: what the record holds now (null: no value in that scope, or the record is gone)'),
    },
    { optional: ['attributeName', 'scope', 'oldValue', 'confidence', 'reasoning', 'rating', 'decision', 'annotations', 'stale', 'currentValue'] },
  ),
  Operation: object(
    {
      id: string(),
      type: oneOfStrings(OPERATION_TYPES),
      entityId: string('The record (update, delete)'),
      entityName: string(),
      entitySku: string(),
      schemaId: string(),
      status: oneOfStrings(OPERATION_STATUSES),
      reviewNote: string(),
      changes: arrayOf(ref('ProposedChange')),
      error: object({ code: string(), message: string() }, { description: 'Why apply could not apply it' }),
    },
    { optional: ['entityId', 'entityName', 'entitySku', 'reviewNote', 'error'] },
  ),
  FeedbackSummary: object(
    { good: integer(), bad: integer(), unrated: integer(), snippets: integer(), message: string() },
    { optional: ['message'] },
  ),
  ApplyResult: object({
    applied: integer(),
    skipped: integer(),
    errors: arrayOf(object({ operationId: string(), code: string(), message: string() })),
  }),
  ApplyProgress: object(
    {
      done: integer('applied + failed'),
      applied: integer('Operations applied (their audit entries recorded)'),
      failed: integer('Operations records refused'),
      total: integer('Operations the apply sends (approved ones; skipped ones do not count)'),
    },
    { description: 'How far an apply is; also published on the NATS subject change-sets.apply.progressed and as the metric sigma_change_set_apply_operations' },
  ),
  ApplyAccepted: object(
    { changeSetId: string(), status: oneOfStrings(['applying']), applyProgress: ref('ApplyProgress') },
    { description: 'The apply runs on: poll the Location (GET /change-sets/:id) until the status is applied or partially_applied' },
  ),
  ChangeSet: object(
    {
      id: string(),
      title: string(),
      description: string(),
      source: ref('ChangeSetSource'),
      status: oneOfStrings(CHANGE_SET_STATUSES),
      createdBy: string(),
      createdAt: dateTime(),
      updatedAt: dateTime(),
      submittedAt: dateTime(),
      approvedAt: dateTime(),
      appliedAt: dateTime(),
      revisionCount: integer('Revision requests so far'),
      revision: integer('The latest submission: 0 for a draft, 1 once submitted, +1 per resubmit'),
      reviewNote: string(),
      feedbackSummary: ref('FeedbackSummary'),
      applyProgress: refTo('ApplyProgress', 'While and after applying: operations applied, failed, done / total'),
      applyResult: ref('ApplyResult'),
      operationCount: integer('Operations in the set; in a list, `operations` embeds only the first ones'),
      operations: arrayOf(ref('Operation')),
    },
    {
      optional: [
        'description',
        'submittedAt',
        'approvedAt',
        'appliedAt',
        'revision',
        'reviewNote',
        'feedbackSummary',
        'applyProgress',
        'applyResult',
        'operationCount',
      ],
    },
  ),
  OperationPage: object(
    {
      items: arrayOf(ref('Operation')),
      total: integer('Operations in the set'),
      nextCursor: string('Pass as `cursor` for the next page; absent on the last page'),
    },
    { optional: ['nextCursor'] },
  ),
  RevisionSummary: object(
    {
      revision: integer('1 for the first submission, +1 per resubmit'),
      submittedAt: dateTime(),
      submittedBy: string('The user who submitted it'),
      operationCount: integer(),
    },
    { description: 'One submission of a change set' },
  ),
  RevisionOperationRef: object(
    { operationId: string(), type: oneOfStrings(OPERATION_TYPES), entityId: string(), schemaId: string(), changeCount: integer() },
    { optional: ['entityId'], description: 'An operation present on one side of the diff only' },
  ),
  RevisionChangeDiff: object(
    {
      operationId: string(),
      attributeAlias: string(),
      scope: ref('Scope'),
      kind: oneOfStrings(['added', 'removed', 'changed']),
      before: refTo('JsonValue', 'The proposed value in the earlier revision (absent when added)'),
      after: refTo('JsonValue', 'The proposed value now (absent when removed)'),
    },
    { optional: ['before', 'after'], description: 'A change (attributeAlias × scope) of an operation on both sides whose proposal differs' },
  ),
  RevisionDiff: object(
    {
      changeSetId: string(),
      from: integer('The revision compared'),
      to: integer('The latest revision; the other side is the operations as they are now (with edits not yet resubmitted)'),
      operationsAdded: arrayOf(ref('RevisionOperationRef')),
      operationsRemoved: arrayOf(ref('RevisionOperationRef')),
      changes: arrayOf(ref('RevisionChangeDiff'), 'Changes of operations on both sides; an added operation\'s changes are not repeated here'),
      counts: object({
        operationsAdded: integer(),
        operationsRemoved: integer(),
        changesAdded: integer(),
        changesRemoved: integer(),
        changesChanged: integer(),
      }, { description: 'Complete, also when the lists are truncated' }),
      truncated: boolean('Entries were left out to keep the answer bounded (see counts)'),
    },
  ),
  ChangeSetStats: object({ pending: integer(), approvedThisWeek: integer(), totalApplied: integer(), activeSourceCount: integer() }),
  Message: object(
    {
      id: string(),
      changeSetId: string(),
      operationId: string(),
      authorId: string(),
      authorName: string(),
      authorType: oneOfStrings(['user', 'agent']),
      timestamp: dateTime(),
      body: string(),
    },
    { optional: ['operationId'] },
  ),
  PendingChange: object({
    changeSetId: string(),
    changeSetTitle: string(),
    source: object({ type: oneOfStrings(SOURCE_TYPES), name: string() }),
    operation: object({
      id: string(),
      type: oneOfStrings(OPERATION_TYPES),
      status: oneOfStrings(OPERATION_STATUSES),
      changes: arrayOf(ref('ProposedChange')),
    }),
  }),
} satisfies Record<string, Schema>;
