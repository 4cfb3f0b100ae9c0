/**
 * Type-level test, checked by `npm run lint` (tsc): the SDK types generated from the OpenAPI
 * document equal the contract types the services answer with. A response schema that drifts
 * from its contract (a field renamed, made optional, given another type or enum) fails lint.
 * Never run; the build leaves test/ folders out.
 */
import type {
  AnnotationDto,
  ChangeSetInsights,
  BulkLineResult,
  FeedPage,
  BulkUpsertLine,
  ApplyAccepted,
  ApplyProgressDto,
  ApplyResult,
  AttributeDto,
  AuditEntryDto,
  CatalogDto,
  CategoryAssignmentDto,
  CategoryDto,
  ChangeSetDto,
  ChangeSetStats,
  ImportDto,
  ImportRowError,
  CompletenessDto,
  CompletenessPreviewPage,
  CreateChangeSetRequest,
  CreateRecordRequest,
  DecideChangesRequest,
  DimensionDto,
  MessageDto,
  OperationDto,
  OperationPage,
  PendingChangeDto,
  ProposedChangeDto,
  RecordDto,
  RecordPage,
  ReplaceOperationChangesRequest,
  ResolvedRecordDto,
  RevisionDiffDto,
  RevisionSummaryDto,
  SchemaCompletenessReport,
  SchemaDto,
  ScopedValue,
  ServiceHealth,
  TransitionDto,
  UserDto,
  ValueChange,
  WorkflowDto,
} from '@sigma/contracts';
import type { Schemas } from '@sigma/sdk';
import type { HttpErrorBody } from '../../../apps/gateway/src/errors/http-error';

/** Contract types say `unknown` where the document says "any JSON value". */
type Jsonify<T> = unknown extends T
  ? Schemas['JsonValue']
  : T extends readonly (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

type Same<Contract, Generated> = [Generated] extends [Jsonify<Contract>]
  ? [Jsonify<Contract>] extends [Generated]
    ? true
    : { generatedLacks: Jsonify<Contract> }
  : { contractLacks: Generated };

const same = <Contract, Generated>(check: Same<Contract, Generated>) => check;

/** Every value of the contract type is valid for the generated one (which may be wider). */
const fits = <Contract, Generated>(check: [Jsonify<Contract>] extends [Generated] ? true : { generatedLacks: Jsonify<Contract> }) => check;

export const responses = [
  same<ScopedValue, Schemas['ScopedValue']>(true),
  same<RecordDto, Schemas['Record']>(true),
  same<RecordPage, Schemas['RecordPage']>(true),
  same<ChangeSetInsights, Schemas['ChangeSetInsights']>(true),
  same<BulkUpsertLine, Schemas['BulkUpsertLine']>(true),
  fits<BulkLineResult, Schemas['BulkLineResult']>(true),
  fits<FeedPage, Schemas['FeedPage']>(true),
  same<ResolvedRecordDto, Schemas['ResolvedRecord']>(true),
  same<CompletenessDto, Schemas['Completeness']>(true),
  same<TransitionDto, Schemas['Transition']>(true),
  same<SchemaCompletenessReport, Schemas['SchemaCompletenessReport']>(true),
  same<ValueChange, Schemas['ValueChange']>(true),
  same<AuditEntryDto, Schemas['AuditEntry']>(true),
  same<ServiceHealth, Schemas['ServiceHealth']>(true),
  same<DimensionDto, Schemas['Dimension']>(true),
  same<AttributeDto, Schemas['Attribute']>(true),
  same<SchemaDto, Schemas['Schema']>(true),
  same<WorkflowDto, Schemas['Workflow']>(true),
  same<UserDto, Schemas['User']>(true),
  same<CatalogDto, Schemas['Catalog']>(true),
  same<CategoryDto, Schemas['Category']>(true),
  same<CategoryAssignmentDto, Schemas['CategoryAssignment']>(true),
  same<AnnotationDto, Schemas['Annotation']>(true),
  same<ProposedChangeDto, Schemas['ProposedChange']>(true),
  same<OperationDto, Schemas['Operation']>(true),
  same<ApplyResult, Schemas['ApplyResult']>(true),
  same<ApplyProgressDto, Schemas['ApplyProgress']>(true),
  same<ApplyAccepted, Schemas['ApplyAccepted']>(true),
  same<ChangeSetDto, Schemas['ChangeSet']>(true),
  same<OperationPage, Schemas['OperationPage']>(true),
  same<CompletenessPreviewPage, Schemas['CompletenessPreviewPage']>(true),
  same<ChangeSetStats, Schemas['ChangeSetStats']>(true),
  same<ImportDto, Schemas['Import']>(true),
  same<ImportRowError, Schemas['ImportRowError']>(true),
  same<MessageDto, Schemas['Message']>(true),
  same<PendingChangeDto, Schemas['PendingChange']>(true),
  same<RevisionSummaryDto, Schemas['RevisionSummary']>(true),
  same<RevisionDiffDto, Schemas['RevisionDiff']>(true),
];

/** Error details are typed per code in the contracts; the document has one schema wide enough for all of them. */
export const errors = [fits<HttpErrorBody, Schemas['ErrorBody']>(true)];

/** Request bodies are generated from the gateway's DTO classes; they take what the contracts take. */
export const requests = [
  same<CreateRecordRequest, Schemas['CreateRecordDto']>(true),
  same<CreateChangeSetRequest, Schemas['CreateChangeSetDto']>(true),
  same<Omit<DecideChangesRequest, 'id' | 'operationId'>, Schemas['DecideChangesDto']>(true),
  same<Omit<ReplaceOperationChangesRequest, 'id' | 'operationId'>, Schemas['ReplaceChangesDto']>(true),
];
