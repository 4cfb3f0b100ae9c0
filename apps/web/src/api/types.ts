import type { Schemas } from '@sigma/sdk';

/**
 * What the app reads and sends, named as the API document names it (generated into libs/sdk), so
 * the screens are typed by the API the app talks to.
 */
export type AnnotationDto = Schemas['Annotation'];
export type ApplyAccepted = Schemas['ApplyAccepted'];
export type ApplyProgress = Schemas['ApplyProgress'];
export type ApplyResult = Schemas['ApplyResult'];
export type AuditEntryDto = Schemas['AuditEntry'];
export type ChangeSetDto = Schemas['ChangeSet'];
export type ChangeSetStats = Schemas['ChangeSetStats'];
export type CompletenessDto = Schemas['Completeness'];
export type CompletenessPreviewPage = Schemas['CompletenessPreviewPage'];
export type CompletenessScore = Schemas['CompletenessScore'];
export type DecideOperationsResult = Schemas['DecideOperationsResult'];
export type DimensionDto = Schemas['Dimension'];
export type ErrorBody = Schemas['ErrorBody'];
export type FeedbackSummary = Schemas['FeedbackSummary'];
export type MessageDto = Schemas['Message'];
export type MeResponse = Schemas['MeResponseDto'];
export type MissingSlot = Schemas['MissingSlot'];
export type OperationCompletenessPreview = Schemas['OperationCompletenessPreview'];
export type OperationDto = Schemas['Operation'];
export type OperationFilter = Schemas['OperationFilterDto'];
export type PendingChangeDto = Schemas['PendingChange'];
export type ProposedChangeDto = Schemas['ProposedChange'];
export type RecordDto = Schemas['Record'];
export type RevisionChangeDiff = Schemas['RevisionChangeDiff'];
export type RevisionDiff = Schemas['RevisionDiff'];
export type RevisionSummary = Schemas['RevisionSummary'];
export type SchemaDto = Schemas['Schema'];
export type Scope = Schemas['Scope'];
export type TokenResponse = Schemas['TokenResponseDto'];
export type TransitionDto = Schemas['Transition'];
export type WorkflowDto = Schemas['Workflow'];

export type ChangeSetStatus = ChangeSetDto['status'];
export type OperationStatus = OperationDto['status'];
export type Rating = AnnotationDto['sentiment'];
export type SourceType = ChangeSetDto['source']['type'];
export type AnnotationInput = Omit<Schemas['AnnotateDto'], 'operationId'>;
export type MessageInput = Schemas['PostMessageDto'];
export type ChangeDecision = Schemas['ChangeDecisionDto'];
export type Decision = ChangeDecision['decision'];
