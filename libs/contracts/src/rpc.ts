import type { Actor, AuthenticatedUser, AuthenticateRequest, CreateUserRequest, PrincipalDto, UpdateUserRequest, UserDto } from './auth/users';
import type {
  ApiKeyDto,
  ApiKeyListQuery,
  ApiKeyPage,
  CreateApiKeyRequest,
  IssueRefreshTokenRequest,
  RotateRefreshTokenRequest,
} from './auth/credentials';
import type { AuditEntryDto, AuditListRequest, AuditPage } from './audit/audit';
import type {
  CreatedWebhookSubscriptionDto,
  CreateWebhookSubscriptionRequest,
  UpdateWebhookSubscriptionRequest,
  WebhookDeliveryDto,
  WebhookDeliveryListRequest,
  WebhookDeliveryPage,
  WebhookSubscriptionDto,
} from './webhooks/webhooks';
import type { ApplyReply, AuditByChangeSetRequest } from './change-sets/apply';
import type { ChangeSetInsights, InsightsRequest } from './change-sets/insights';
import type { FeedPage, FeedPageRequest } from './audit/feed';
import type {
  AnnotateRequest,
  AnnotationDto,
  ChangeSetDto,
  ChangeSetIdRequest,
  ChangeSetListQuery,
  ChangeSetStats,
  CreateChangeSetRequest,
  DecideChangesRequest,
  MessageDto,
  OperationInput,
  OperationPage,
  OperationPageRequest,
  PendingChangeDto,
  OperationRefRequest,
  PostMessageRequest,
  RateRequest,
  ReplaceOperationChangesRequest,
  RequestRevisionRequest,
  ReviewRequest,
  RevisionDiffDto,
  RevisionDiffRequest,
  RevisionSummaryDto,
} from './change-sets/change-sets';
import type { CompletenessPreviewPage, CompletenessPreviewPageRequest } from './change-sets/completeness-preview';
import type { ApplyOperationsRequest, RecordOperationResult, RecordSummary } from './change-sets/record-operations';
import type {
  FindStaleRequest,
  FindStaleResponse,
  ValidateProposedValuesRequest,
  ValidateProposedValuesResponse,
} from './change-sets/proposal-checks';
import type { ServiceHealth } from './health';
import type { AppendLineResult, AppendOperationsRequest, DecideOperationsRequest, DecideOperationsResult } from './change-sets/large-sets';
import type { IdempotencyRef } from './idempotency';
import type { SchemaCompletenessReport, SchemaCompletenessRequest, StoredCompletenessReportRequest } from './workflow/completeness-report';
import type { BulkLineResult, BulkUpsertRequest } from './records/bulk';
import type { SyncCompletenessRulesRequest, SyncCompletenessRulesResult } from './records/completeness';
import type { FindBySkuRequest, RecordBySku, RecordValuesById, RecordValuesByIdRequest, RecordValuesPage, RecordValuesPageRequest } from './records/record-values';
import type { CompletenessPreviewRequest, CompletenessPreviewResponse } from './workflow/completeness-preview';
import type { CreateImportRequest, FinishImportRequest, ImportDto, ImportRowsRequest, StartImportRequest } from './change-sets/imports';
import type {
  CompletenessDto,
  CompletenessRequest,
  MoveLifecycleStateRequest,
  RunTransitionRequest,
  TransitionDto,
  UpsertWorkflowRequest,
  WorkflowDto,
} from './workflow/workflow';
import type {
  CreateRecordRequest,
  DeleteRecordRequest,
  PatchAttributeRequest,
  RecordDto,
  RecordIdRequest,
  RecordListQuery,
  RecordPage,
  UpdateRecordRequest,
} from './records/records';
import type {
  CreateSchemaRequest,
  DimensionDto,
  SchemaDto,
  UpdateSchemaRequest,
  UpsertDimensionRequest,
} from './workspace/workspace';
import type {
  AddRecordCategoryRequest,
  CatalogDto,
  CategoryAssignmentDto,
  CategoryDto,
  CreateCategoryRequest,
  DeletedCategories,
  DeleteWithCascadeRequest,
  RecordReadRequest,
  RemoveRecordCategoryRequest,
  ResolvedRecordDto,
  SetRecordCategoriesRequest,
  UpdateCategoryRequest,
  UpsertCatalogRequest,
} from './catalogs/catalogs';

type Rpc<Req, Res> = { request: Req; response: Res };
type NoPayload = Record<string, never>;

/**
 * Request/reply subjects, `<service>.<aggregate>.<verb>`, with their payload and result: the typed
 * map every client (RpcClient.request) and handler (@RpcHandler) agrees on. Adding a subject here is
 * how two services start to talk.
 */
export interface RpcMap {
  'records.health.check': Rpc<NoPayload, ServiceHealth>;
  'records.record.list': Rpc<RecordListQuery, RecordPage>;
  'records.record.get': Rpc<RecordIdRequest, RecordDto>;
  /** One schema's records (id, state, values) in creation order, keyset-paged; 404 for an unknown schema. */
  'records.record.list-values': Rpc<RecordValuesPageRequest, RecordValuesPage>;
  /** Values, schema and state of up to RECORD_VALUES_BY_ID_MAX records by id (completeness previews read them). */
  'records.record.get-values': Rpc<RecordValuesByIdRequest, RecordValuesById>;
  /** Records of a schema by their global sku (≤ FIND_BY_SKU_MAX skus): id and values, what an import diffs against. */
  'records.record.find-by-sku': Rpc<FindBySkuRequest, RecordBySku[]>;
  'records.record.create': Rpc<CreateRecordRequest, RecordDto>;
  'records.record.update': Rpc<UpdateRecordRequest, RecordDto>;
  'records.record.patch-attribute': Rpc<PatchAttributeRequest, RecordDto>;
  'records.record.delete': Rpc<DeleteRecordRequest, { deleted: string[] }>;
  'records.record.bulk-upsert': Rpc<BulkUpsertRequest, BulkLineResult[]>;
  'records.record.move-lifecycle-state': Rpc<MoveLifecycleStateRequest, RecordDto>;
  /** Stores a schema's completeness rule (the workflow's states and required attributes); re-scores its records when it changed. */
  'records.completeness.sync-rules': Rpc<SyncCompletenessRulesRequest, SyncCompletenessRulesResult>;
  /** A schema's completeness report from the stored scores' summaries (how current it is included); 404 for an unknown schema. */
  'records.completeness.report': Rpc<StoredCompletenessReportRequest, SchemaCompletenessReport>;
  'records.dimension.list': Rpc<NoPayload, DimensionDto[]>;
  'records.dimension.get': Rpc<{ id: string }, DimensionDto>;
  'records.dimension.create': Rpc<UpsertDimensionRequest, DimensionDto>;
  'records.dimension.update': Rpc<UpsertDimensionRequest, DimensionDto>;
  'records.schema.list': Rpc<NoPayload, SchemaDto[]>;
  'records.schema.get': Rpc<{ id: string }, SchemaDto>;
  'records.schema.create': Rpc<CreateSchemaRequest, SchemaDto>;
  'records.schema.update': Rpc<UpdateSchemaRequest, SchemaDto>;
  'records.user.list': Rpc<NoPayload, UserDto[]>;
  'records.user.get': Rpc<{ id: string }, UserDto>;
  'records.user.create': Rpc<CreateUserRequest, UserDto>;
  'records.user.update': Rpc<UpdateUserRequest, UserDto>;
  'records.user.delete': Rpc<{ id: string }, { deleted: true }>;
  'records.user.authenticate': Rpc<AuthenticateRequest, AuthenticatedUser>;
  /** The user's current roles and token version, for checking a credential; 404 when the user is gone. */
  'records.user.get-principal': Rpc<{ id: string }, PrincipalDto>;
  /** Stores a new refresh token (a new family); 401 when the user changed since the login. */
  'records.refresh-token.issue': Rpc<IssueRefreshTokenRequest, { issued: true }>;
  /** Retires a live refresh token for its successor; 401 otherwise, and a reused one revokes its family. */
  'records.refresh-token.rotate': Rpc<RotateRefreshTokenRequest, AuthenticatedUser>;
  /** Revokes the token's whole family (logout); unknown tokens are no error. */
  'records.refresh-token.revoke': Rpc<{ tokenHash: string }, { revoked: boolean }>;
  /** Stores a key's hash for a user or service account (the actor is the creator); 400 naming the field otherwise. */
  'records.api-key.create': Rpc<CreateApiKeyRequest, ApiKeyDto>;
  'records.api-key.list': Rpc<ApiKeyListQuery, ApiKeyPage>;
  /** Sets revokedAt (kept if already set); 404 for an unknown id. */
  'records.api-key.revoke': Rpc<{ id: string }, ApiKeyDto>;
  /** The key with this hash (404 if none), recording its use at most once a minute. */
  'records.api-key.resolve': Rpc<{ keyHash: string }, ApiKeyDto>;
  'records.record.get-resolved': Rpc<RecordIdRequest, ResolvedRecordDto>;
  'records.record.list-variants': Rpc<RecordReadRequest, (RecordDto | ResolvedRecordDto)[]>;
  'records.record.list-categories': Rpc<RecordIdRequest, CategoryAssignmentDto[]>;
  'records.record.set-categories': Rpc<SetRecordCategoriesRequest, CategoryAssignmentDto[]>;
  'records.record.add-category': Rpc<AddRecordCategoryRequest, CategoryAssignmentDto[]>;
  'records.record.remove-category': Rpc<RemoveRecordCategoryRequest, CategoryAssignmentDto[]>;
  'records.catalog.list': Rpc<NoPayload, CatalogDto[]>;
  'records.catalog.get': Rpc<{ id: string }, CatalogDto>;
  'records.catalog.create': Rpc<UpsertCatalogRequest, CatalogDto>;
  'records.catalog.update': Rpc<UpsertCatalogRequest, CatalogDto>;
  'records.catalog.delete': Rpc<DeleteWithCascadeRequest, DeletedCategories>;
  /** A catalog's categories, flat, in tree pre-order (parents before children, siblings by sortOrder then id). */
  'records.category.list': Rpc<{ catalogId: string }, CategoryDto[]>;
  'records.category.get': Rpc<{ id: string }, CategoryDto>;
  'records.category.create': Rpc<CreateCategoryRequest, CategoryDto>;
  'records.category.update': Rpc<UpdateCategoryRequest, CategoryDto>;
  'records.category.delete': Rpc<DeleteWithCascadeRequest, DeletedCategories>;
  'workflow.health.check': Rpc<NoPayload, ServiceHealth>;
  'workflow.workflow.list': Rpc<{ schemaId?: string }, WorkflowDto[]>;
  'workflow.workflow.get': Rpc<{ id: string }, WorkflowDto>;
  'workflow.workflow.create': Rpc<UpsertWorkflowRequest, WorkflowDto>;
  'workflow.workflow.update': Rpc<UpsertWorkflowRequest, WorkflowDto>;
  'workflow.transition.list-available': Rpc<{ entityId: string }, TransitionDto[]>;
  'workflow.transition.run': Rpc<RunTransitionRequest, RecordDto>;
  'workflow.completeness.get': Rpc<CompletenessRequest, CompletenessDto>;
  /** Completeness before and after proposed changes, per record, for its state and the states its next gated transitions need. */
  'workflow.completeness.preview': Rpc<CompletenessPreviewRequest, CompletenessPreviewResponse>;
  /** Scores every record of a schema and aggregates (buckets, most missing slots); 404 unknown schema, 400 unknown state. */
  'workflow.completeness.report': Rpc<SchemaCompletenessRequest, SchemaCompletenessReport>;
  'records.record.summarize': Rpc<{ ids: string[] }, RecordSummary[]>;
  /** Checks proposed values as a record write would (type, rules, scope, uniqueness against other records); bounded by PROPOSAL_CHECK_CHUNK_*. */
  'records.value.validate': Rpc<ValidateProposedValuesRequest, ValidateProposedValuesResponse>;
  /** Which oldValues no longer equal the records' current values, with those values; bounded by PROPOSAL_CHECK_CHUNK_*. */
  'records.value.find-stale': Rpc<FindStaleRequest, FindStaleResponse>;
  /** Applies change-set operations, each atomically; idempotent by operation id. */
  'records.record.apply-operations': Rpc<ApplyOperationsRequest, RecordOperationResult[]>;
  'change-sets.health.check': Rpc<NoPayload, ServiceHealth>;
  'change-sets.change-set.list': Rpc<ChangeSetListQuery, { items: ChangeSetDto[]; total: number }>;
  'change-sets.change-set.stats': Rpc<NoPayload, ChangeSetStats>;
  'change-sets.change-set.get': Rpc<ChangeSetIdRequest, ChangeSetDto>;
  'change-sets.operation.list': Rpc<OperationPageRequest, OperationPage>;
  /** A page of operations with each one's completeness before and after, and the records it would make complete. */
  'change-sets.operation.preview-completeness': Rpc<CompletenessPreviewPageRequest, CompletenessPreviewPage>;
  'change-sets.change-set.create': Rpc<CreateChangeSetRequest, ChangeSetDto>;
  'change-sets.operation.append': Rpc<AppendOperationsRequest, AppendLineResult[]>;
  'change-sets.operation.decide': Rpc<DecideOperationsRequest, DecideOperationsResult>;
  'change-sets.change-set.add-operations': Rpc<{ id: string; operations: OperationInput[] }, ChangeSetDto>;
  'change-sets.change-set.delete': Rpc<ChangeSetIdRequest, { deleted: true }>;
  'change-sets.operation.replace-changes': Rpc<ReplaceOperationChangesRequest, ChangeSetDto>;
  'change-sets.operation.remove': Rpc<OperationRefRequest, { deleted: true }>;
  'change-sets.revision.list': Rpc<ChangeSetIdRequest, RevisionSummaryDto[]>;
  'change-sets.revision.diff': Rpc<RevisionDiffRequest, RevisionDiffDto>;
  'change-sets.change-set.submit': Rpc<ChangeSetIdRequest, ChangeSetDto>;
  'change-sets.change-set.approve': Rpc<ReviewRequest, ChangeSetDto>;
  'change-sets.change-set.reject': Rpc<ReviewRequest, ChangeSetDto>;
  'change-sets.operation.approve': Rpc<ReviewRequest & { operationId: string }, ChangeSetDto>;
  'change-sets.operation.reject': Rpc<ReviewRequest & { operationId: string }, ChangeSetDto>;
  'change-sets.operation.decide-changes': Rpc<DecideChangesRequest, ChangeSetDto>;
  'change-sets.operation.rate': Rpc<RateRequest, ChangeSetDto>;
  'change-sets.operation.annotate': Rpc<AnnotateRequest, AnnotationDto>;
  'change-sets.annotation.delete': Rpc<{ id: string; annotationId: string }, { deleted: true }>;
  'change-sets.message.list': Rpc<ChangeSetIdRequest, MessageDto[]>;
  'change-sets.message.post': Rpc<PostMessageRequest, MessageDto>;
  'change-sets.change-set.request-revision': Rpc<RequestRevisionRequest, ChangeSetDto>;
  'change-sets.change-set.resubmit': Rpc<ChangeSetIdRequest, ChangeSetDto>;
  'change-sets.change-set.apply': Rpc<ChangeSetIdRequest, ApplyReply>;
  /** Acceptance and time to decision per source type, source, agent and attribute, over sets submitted in a period. */
  'change-sets.change-set.insights': Rpc<InsightsRequest, ChangeSetInsights>;
  /** A new draft set with the inverse of the applied operations of an applied (or partially applied) set. */
  'change-sets.change-set.revert': Rpc<ChangeSetIdRequest, ChangeSetDto>;
  /** An import and its draft change set (source and createdBy as for change-sets.change-set.create). */
  'change-sets.import.create': Rpc<CreateImportRequest, ImportDto>;
  /** The header row: resolves the columns; 403 unless the creator, 409 unless waiting for its file. */
  'change-sets.import.start': Rpc<StartImportRequest, ImportDto>;
  /** A batch of ≤ IMPORT_BATCH_ROWS rows: diffed against the records and appended to the draft set. */
  'change-sets.import.rows': Rpc<ImportRowsRequest, ImportDto>;
  'change-sets.import.finish': Rpc<FinishImportRequest, ImportDto>;
  'change-sets.import.get': Rpc<{ id: string }, ImportDto>;
  'change-sets.record.pending-changes': Rpc<{ entityId: string }, PendingChangeDto[]>;
  'webhooks.health.check': Rpc<NoPayload, ServiceHealth>;
  /** Stores the subscription with its secret (generated when not given), answered this once. */
  'webhooks.subscription.create': Rpc<CreateWebhookSubscriptionRequest, CreatedWebhookSubscriptionDto>;
  'webhooks.subscription.list': Rpc<NoPayload, WebhookSubscriptionDto[]>;
  'webhooks.subscription.get': Rpc<{ id: string }, WebhookSubscriptionDto>;
  'webhooks.subscription.update': Rpc<UpdateWebhookSubscriptionRequest, WebhookSubscriptionDto>;
  /** Deletes the subscription and its deliveries; 404 for an unknown id. */
  'webhooks.subscription.delete': Rpc<{ id: string }, { deleted: true }>;
  'webhooks.delivery.list': Rpc<WebhookDeliveryListRequest, WebhookDeliveryPage>;
  /** Queues a dead or delivered delivery again (attempts start over); 409 while it is still pending. */
  'webhooks.delivery.redeliver': Rpc<{ subscriptionId: string; deliveryId: string }, WebhookDeliveryDto>;
  'audit.health.check': Rpc<NoPayload, ServiceHealth>;
  'audit.entry.list': Rpc<AuditListRequest, AuditPage>;
  'audit.feed.read': Rpc<FeedPageRequest, FeedPage>;
  /** Which of these event ids already have a durable audit entry (for waiters that missed a confirmation). */
  'audit.entry.check-recorded': Rpc<{ eventIds: string[] }, { recorded: string[] }>;
  /** The entries written by applying a change set, in commit order, paged by `after` (`nextCursor` when more follow). */
  'audit.entry.by-change-set': Rpc<AuditByChangeSetRequest, { items: AuditEntryDto[]; nextCursor?: string }>;
}

export type Subject = keyof RpcMap;
export type RpcRequest<S extends Subject> = RpcMap[S]['request'];
export type RpcResponse<S extends Subject> = RpcMap[S]['response'];

/** Per-request context carried beside every payload. */
export interface RpcContext {
  requestId: string;
  /** W3C trace id (32 hex) of the client's `traceparent`, or one the gateway started; logged on every line. */
  traceId?: string;
  actor?: Actor;
  changeSetId?: string;
  operationId?: string;
  /** The HTTP Idempotency-Key of this request, for the service that owns the guarded write. */
  idempotency?: IdempotencyRef;
}

/** Wire format of a request and of its reply. */
export interface RpcRequestEnvelope<T = unknown> {
  context: RpcContext;
  data: T;
}

export type RpcReplyEnvelope<T = unknown> =
  /** `replayed`: the data is the stored result of an earlier request with the same Idempotency-Key. */
  | { ok: true; data: T; replayed?: true }
  | { ok: false; error: { code: string; message: string; details?: unknown } };
