/**
 * Every call the MCP server makes to Sigma PIM, through the generated SDK (`@sigma/sdk`) over the
 * public HTTP API only (never a service's database or NATS): paths, parameters, bodies and answers
 * are typed by the API's OpenAPI document. Tools depend on this class alone.
 */
import { createSigmaClient, type paths, type SigmaClient, type Schemas } from '@sigma/sdk';
import { ApiError, ApiUnreachable } from './api-error';
import type { ClientAuth } from './credentials';

export type ChangeSetDto = Schemas['ChangeSet'];
export type ChangeSetStatus = ChangeSetDto['status'];
export type CompletenessDto = Schemas['Completeness'];
export type CreateChangeSetRequest = Schemas['CreateChangeSetDto'];
export type DimensionDto = Schemas['Dimension'];
export type MessageDto = Schemas['Message'];
export type OperationInput = Schemas['OperationDto'];
export type PendingChangeDto = Schemas['PendingChange'];
export type ProposedChangeInput = Schemas['ChangeDto'];
export type RecordDto = Schemas['Record'];
export type RecordPage = Schemas['RecordPage'];
export type ResolvedRecordDto = Schemas['ResolvedRecord'];
export type SchemaDto = Schemas['Schema'];
export type SourceType = ChangeSetDto['source']['type'];
export type WorkflowDto = Schemas['Workflow'];
type RecordQuery = NonNullable<NonNullable<paths['/records']['get']['parameters']>['query']>;
type Condition = { attribute: string; scope?: Record<string, string>; operator: string; value?: unknown };

export interface SigmaApiOptions {
  /** e.g. `http://localhost:3000/api/v1` */
  baseUrl: string;
  /** The agent's credential (see credentials.ts); nothing for the anonymous sign-in. */
  auth?: ClientAuth;
  /** Per call; the API bounds its own work, this bounds waiting for it. */
  timeoutMs?: number;
}

export interface Caller {
  userId: string;
  username: string;
  roles: string[];
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export class SigmaApi {
  readonly baseUrl: string;
  private readonly client: SigmaClient;
  /** What each answer was to (`PUT /api/v1/change-sets/cs_1`), for error messages a model can act on. */
  private readonly requests = new WeakMap<Response, string>();

  constructor(options: SigmaApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const timeoutMs = options.timeoutMs ?? 30_000;
    const send = async (request: Request): Promise<Response> => {
      const label = `${request.method} ${new URL(request.url).pathname}`;
      try {
        const response = await fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
        this.requests.set(response, label);
        return response;
      } catch (error) {
        throw new ApiUnreachable(label, error);
      }
    };
    this.client = createSigmaClient({ baseUrl: this.baseUrl, ...options.auth, fetch: send });
  }

  /** POST /auth/token: an access token for a username and password. */
  static async requestToken(baseUrl: string, username: string, password: string, timeoutMs = 30_000): Promise<string> {
    const api = new SigmaApi({ baseUrl, timeoutMs });
    return (await api.data(api.client.POST('/auth/token', { body: { username, password } }))).accessToken;
  }

  // --- records (read only: the MCP server never writes a record)

  /** `filters` travels as JSON text in the query string, as the API takes it. */
  listRecords(query: Omit<RecordQuery, 'filters'> & { filters?: Condition[] }): Promise<RecordPage> {
    const { filters, ...rest } = query;
    return this.data(this.client.GET('/records', { params: { query: { ...rest, filters: filters && JSON.stringify(filters) } } }));
  }

  getRecord(id: string, resolved = false): Promise<RecordDto | ResolvedRecordDto> {
    return this.data(this.client.GET('/records/{id}', { params: { path: { id }, query: resolved ? { resolved } : {} } }));
  }

  completeness(id: string, lifecycleStateId?: string): Promise<CompletenessDto> {
    return this.data(this.client.GET('/records/{id}/completeness', { params: { path: { id }, query: { lifecycleStateId } } }));
  }

  pendingChanges(id: string): Promise<PendingChangeDto[]> {
    return this.data(this.client.GET('/records/{id}/pending-changes', { params: { path: { id } } }));
  }

  // --- workspace model

  listSchemas(): Promise<SchemaDto[]> {
    return this.data(this.client.GET('/schemas'));
  }

  getSchema(id: string): Promise<SchemaDto> {
    return this.data(this.client.GET('/schemas/{id}', { params: { path: { id } } }));
  }

  listDimensions(): Promise<DimensionDto[]> {
    return this.data(this.client.GET('/dimensions'));
  }

  workflowsOf(schemaId: string): Promise<WorkflowDto[]> {
    return this.data(this.client.GET('/workflows', { params: { query: { schemaId } } }));
  }

  // --- change sets: propose and follow review

  createChangeSet(request: CreateChangeSetRequest): Promise<ChangeSetDto> {
    return this.data(this.client.POST('/change-sets', { body: request }));
  }

  submitChangeSet(id: string): Promise<ChangeSetDto> {
    return this.data(this.client.POST('/change-sets/{id}/submit', { params: { path: { id } } }));
  }

  /** Drafts only: used to drop a proposal that failed its submit checks. */
  deleteChangeSet(id: string): Promise<unknown> {
    return this.data(this.client.DELETE('/change-sets/{id}', { params: { path: { id } } }));
  }

  getChangeSet(id: string): Promise<ChangeSetDto> {
    return this.data(this.client.GET('/change-sets/{id}', { params: { path: { id } } }));
  }

  async listChangeSets(query: { status?: ChangeSetStatus; sourceType?: SourceType; schemaId?: string; offset?: number; limit?: number }): Promise<{ items: ChangeSetDto[]; total: number }> {
    const { data: items, response } = await this.answer(this.client.GET('/change-sets', { params: { query } }));
    const total = Number(response.headers.get('x-total-count'));
    return { items, total: Number.isFinite(total) ? total : items.length };
  }

  messages(id: string): Promise<MessageDto[]> {
    return this.data(this.client.GET('/change-sets/{id}/messages', { params: { path: { id } } }));
  }

  postMessage(id: string, message: Schemas['PostMessageDto']): Promise<MessageDto> {
    return this.data(this.client.POST('/change-sets/{id}/messages', { params: { path: { id } }, body: message }));
  }

  resubmit(id: string): Promise<ChangeSetDto> {
    return this.data(this.client.POST('/change-sets/{id}/resubmit', { params: { path: { id } } }));
  }

  // --- revising a change set (draft or revision_requested): PUT adds operations; PATCH replaces one
  // operation's changes; DELETE removes one.

  addOperations(id: string, operations: OperationInput[]): Promise<ChangeSetDto> {
    return this.data(this.client.PUT('/change-sets/{id}', { params: { path: { id } }, body: { operations } }));
  }

  replaceOperationChanges(id: string, operationId: string, changes: ProposedChangeInput[]): Promise<ChangeSetDto> {
    return this.data(this.client.PATCH('/change-sets/{id}/operations/{opId}', { params: { path: { id, opId: operationId } }, body: { changes } }));
  }

  /** 204: nothing to answer. */
  removeOperation(id: string, operationId: string): Promise<unknown> {
    return this.data(this.client.DELETE('/change-sets/{id}/operations/{opId}', { params: { path: { id, opId: operationId } } }));
  }

  /** GET /me: who the credential speaks for (the id message authorship must name) and its roles. */
  async caller(): Promise<Caller> {
    const me = await this.data(this.client.GET('/me'));
    return { userId: me.id, username: me.username, roles: me.roles };
  }

  // --- transport

  private async answer<T>(pending: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
    const { data, error, response } = await pending;
    if (response.ok) return { data: data as T, response };
    throw ApiError.from(response.status, error, this.requests.get(response) ?? `HTTP ${response.status}`);
  }

  private async data<T>(pending: Promise<Answer<T>>): Promise<T> {
    return (await this.answer(pending)).data;
  }
}

export { ApiError, ApiUnreachable };
