import {
  CHANGE_DECISIONS,
  CHANGE_SET_STATUSES,
  type NotPreviewedReason,
  OPERATION_STATUSES,
  OPERATION_TYPES,
  READ_ANSWER_MAX_OPERATIONS,
  REVIEW_ANSWER_MAX_OPERATIONS,
  SOURCE_TYPES,
} from '@sigma/contracts';
import { arrayOf, boolean, dateTime, integer, mapOf, nullable, number, object, oneOfStrings, ref, refTo, type Schema, string, trueOnly } from './dsl';

const RATINGS = ['good', 'bad'] as const;
const NOT_PREVIEWED = ['delete', 'not-open', 'unscorable'] as const satisfies readonly NotPreviewedReason[];

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
      operationsOmitted: trueOnly(
        `Always true when present: a review call's answer for a set of more than ${REVIEW_ANSWER_MAX_OPERATIONS} operations, or GET /change-sets/:id's ` +
          `for one of more than ${READ_ANSWER_MAX_OPERATIONS}, leaves \`operations\` empty ` +
          '(read them with GET /change-sets/:id/operations) and gives operationSummary instead',
      ),
      operationSummary: ref('OperationStatusCounts'),
    },
    {
      optional: [
        'operationsOmitted',
        'operationSummary',
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
  OperationStatusCounts: object(
    Object.fromEntries(OPERATION_STATUSES.map((status) => [status, integer()])),
    { description: "A set's operations by status (every status, 0 when none)" },
  ),
  AppendLineResult: object(
    {
      line: integer('The 1-based line of the request body'),
      status: oneOfStrings(['added', 'failed']),
      operationId: string('The operation added'),
      error: object(
        { code: string(), message: string(), details: refTo('ErrorDetails', 'The fields of the line at fault') },
        { optional: ['details'], description: 'Why the line was not added' },
      ),
    },
    { optional: ['operationId', 'error'], description: 'One NDJSON line of the answer of POST /change-sets/:id/operations, in input order.' },
  ),
  DecideOperationsResult: object(
    {
      approved: integer('Pending operations matching the filter now approved'),
      rejected: integer('Pending operations matching the filter now rejected'),
      unchanged: integer('Operations matching the filter already decided, left as they were'),
      status: oneOfStrings(CHANGE_SET_STATUSES, "The set's status after the decision"),
      operationSummary: ref('OperationStatusCounts'),
    },
    { description: 'What one bulk decision did' },
  ),
  OperationPage: object(
    {
      items: arrayOf(ref('Operation')),
      total: integer('Operations in the set (whatever the filter)'),
      nextCursor: string('Pass as `cursor` for the next page; absent on the last page'),
    },
    { optional: ['nextCursor'] },
  ),
  CompletenessScore: object({ percentage: integer('round(100 × filled / total); 100 when nothing is required'), filled: integer(), total: integer() }),
  StateCompletenessPreview: object(
    {
      lifecycleStateId: string(),
      before: ref('CompletenessScore'),
      after: ref('CompletenessScore'),
      missingAfter: arrayOf(ref('MissingSlot'), 'The slots still missing after the changes'),
    },
    { description: "The record's completeness in its current state (a create: its workflow's initial state)" },
  ),
  NextStateCompletenessPreview: object(
    { lifecycleStateId: string(), transitionId: string(), before: ref('CompletenessScore'), after: ref('CompletenessScore') },
    { description: 'The target state of a transition out of the record\'s state that requires completeness' },
  ),
  CompletenessPreview: object({ state: ref('StateCompletenessPreview'), next: arrayOf(ref('NextStateCompletenessPreview')) }),
  OperationCompletenessPreview: object(
    {
      operationId: string(),
      type: oneOfStrings(OPERATION_TYPES),
      entityId: string(),
      schemaId: string(),
      status: oneOfStrings(OPERATION_STATUSES),
      countedChanges: integer('The changes counted in `after`: all but the rejected ones (0 when not previewed)'),
      preview: ref('CompletenessPreview'),
      notPreviewed: object(
        { reason: oneOfStrings(NOT_PREVIEWED), code: string('With unscorable: the error code (e.g. not-found)'), message: string() },
        { optional: ['code'], description: 'Why there is no preview: a delete, an operation neither pending nor approved, or a record or workflow that cannot be scored' },
      ),
    },
    { optional: ['entityId', 'preview', 'notPreviewed'] },
  ),
  CompletenessPreviewPage: object(
    {
      items: arrayOf(ref('OperationCompletenessPreview')),
      summary: object(
        {
          recordsBecomingComplete: mapOf(integer(), 'State id → records of this page incomplete before and complete after (each record once per state)'),
          operations: integer('Operations of this page that were previewed'),
        },
        { description: 'Over the operations of this page; the whole set when there is no nextCursor and no cursor was given' },
      ),
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
  TimeToDecision: object({
    decidedSets: integer('Sets decided since their latest submission'),
    p50Seconds: nullable(number('Median seconds from submission to the decision; null with no decided set')),
    p95Seconds: nullable(number()),
  }),
  SourceTypeInsight: object({
    sourceType: oneOfStrings(SOURCE_TYPES),
    sets: integer('Sets submitted in the period'),
    decidedChanges: integer('Proposed changes reviewers approved or rejected'),
      approvedChanges: integer(),
      acceptanceRate: nullable(number('approvedChanges ÷ decidedChanges (4 places); null when nothing was decided')),
    timeToDecision: ref('TimeToDecision'),
  }),
  SourceInsight: object({
    sourceKey: string('source.id, else <type>:<name>'),
    sourceName: string(),
    sourceType: oneOfStrings(SOURCE_TYPES),
    sets: integer(),
    decidedChanges: integer('Proposed changes reviewers approved or rejected'),
      approvedChanges: integer(),
      acceptanceRate: nullable(number('approvedChanges ÷ decidedChanges (4 places); null when nothing was decided')),
    timeToDecision: ref('TimeToDecision'),
  }),
  AttributeInsight: object({
    attributeAlias: string(),
    decidedChanges: integer('Proposed changes reviewers approved or rejected'),
      approvedChanges: integer(),
      acceptanceRate: nullable(number('approvedChanges ÷ decidedChanges (4 places); null when nothing was decided')),
  }),
  ChangeSetInsights: object({
    from: dateTime(),
    to: dateTime(),
    bySourceType: arrayOf(ref('SourceTypeInsight')),
    bySource: arrayOf(ref('SourceInsight'), 'At most 100, most decided changes first'),
    byAgent: arrayOf(ref('SourceInsight'), 'Sources of type agent'),
    byAttribute: arrayOf(ref('AttributeInsight'), 'At most 100, most decided changes first'),
  }),
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
