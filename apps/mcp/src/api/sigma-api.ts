/**
 * Every call the MCP server makes to Sigma PIM, over the public HTTP API only (never a service's
 * database or NATS). Tools depend on this class alone, so moving to the generated SDK or to new
 * endpoints is a change here.
 */
import type {
  ChangeSetDto,
  ChangeSetStatus,
  CompletenessDto,
  CreateChangeSetRequest,
  DimensionDto,
  MessageDto,
  OperationInput,
  PendingChangeDto,
  ProposedChangeInput,
  RecordDto,
  RecordListQuery,
  RecordPage,
  ResolvedRecordDto,
  SchemaDto,
  SourceType,
  WorkflowDto,
} from '@sigma/contracts';
import { ApiError, ApiUnreachable } from './api-error';
import { claimsOf, type CredentialSource, credentialHeaders } from './credentials';

export type {
  ChangeSetDto,
  ChangeSetStatus,
  CompletenessDto,
  DimensionDto,
  MessageDto,
  OperationInput,
  PendingChangeDto,
  ProposedChangeInput,
  RecordDto,
  RecordPage,
  SchemaDto,
  SourceType,
  WorkflowDto,
};

export interface SigmaApiOptions {
  /** e.g. `http://localhost:3000/api/v1` */
  baseUrl: string;
  credentials: CredentialSource;
  /** Per call; the API bounds its own work, this bounds waiting for it. */
  timeoutMs?: number;
}

export interface Caller {
  userId?: string;
  username?: string;
  roles: string[];
}

const NO_CREDENTIALS: CredentialSource = {
  current: () => Promise.reject(new Error('no credential for an anonymous call')),
  renew: async () => false,
};

type Query = Record<string, string | number | boolean | undefined>;

export class SigmaApi {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: SigmaApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** POST /auth/token: an access token for a username and password. */
  static async requestToken(baseUrl: string, username: string, password: string, timeoutMs = 30_000): Promise<string> {
    const api = new SigmaApi({ baseUrl, timeoutMs, credentials: NO_CREDENTIALS });
    const body = await api.call<{ accessToken: string }>('POST', '/auth/token', { body: { username, password }, anonymous: true });
    return body.accessToken;
  }

  // --- records (read only: the MCP server never writes a record)

  /** `filters` travels as JSON text in the query string, as the API takes it. */
  listRecords(query: Omit<RecordListQuery, 'offset' | 'limit'> & { offset?: number; limit?: number }): Promise<RecordPage> {
    const { filters, ...rest } = query;
    return this.call('GET', '/records', { query: { ...rest, filters: filters && JSON.stringify(filters) } });
  }

  getRecord(id: string, resolved = false): Promise<RecordDto | ResolvedRecordDto> {
    return this.call('GET', `/records/${seg(id)}`, { query: { resolved: resolved || undefined } });
  }

  completeness(id: string, lifecycleStateId?: string): Promise<CompletenessDto> {
    return this.call('GET', `/records/${seg(id)}/completeness`, { query: { lifecycleStateId } });
  }

  pendingChanges(id: string): Promise<PendingChangeDto[]> {
    return this.call('GET', `/records/${seg(id)}/pending-changes`);
  }

  // --- workspace model

  listSchemas(): Promise<SchemaDto[]> {
    return this.call('GET', '/schemas');
  }

  getSchema(id: string): Promise<SchemaDto> {
    return this.call('GET', `/schemas/${seg(id)}`);
  }

  listDimensions(): Promise<DimensionDto[]> {
    return this.call('GET', '/dimensions');
  }

  workflowsOf(schemaId: string): Promise<WorkflowDto[]> {
    return this.call('GET', '/workflows', { query: { schemaId } });
  }

  // --- change sets: propose and follow review

  createChangeSet(request: CreateChangeSetRequest): Promise<ChangeSetDto> {
    return this.call('POST', '/change-sets', { body: request });
  }

  submitChangeSet(id: string): Promise<ChangeSetDto> {
    return this.call('POST', `/change-sets/${seg(id)}/submit`);
  }

  /** Drafts only: used to drop a proposal that failed its submit checks. */
  deleteChangeSet(id: string): Promise<{ deleted: true }> {
    return this.call('DELETE', `/change-sets/${seg(id)}`);
  }

  getChangeSet(id: string): Promise<ChangeSetDto> {
    return this.call('GET', `/change-sets/${seg(id)}`);
  }

  async listChangeSets(query: { status?: ChangeSetStatus; sourceType?: SourceType; schemaId?: string; offset?: number; limit?: number }): Promise<{ items: ChangeSetDto[]; total: number }> {
    const { body, headers } = await this.exchange<ChangeSetDto[]>('GET', '/change-sets', { query });
    const total = Number(headers.get('x-total-count'));
    return { items: body, total: Number.isFinite(total) ? total : body.length };
  }

  messages(id: string): Promise<MessageDto[]> {
    return this.call('GET', `/change-sets/${seg(id)}/messages`);
  }

  postMessage(id: string, message: { authorId: string; authorName: string; authorType: 'user' | 'agent'; body: string; operationId?: string }): Promise<MessageDto> {
    return this.call('POST', `/change-sets/${seg(id)}/messages`, { body: message });
  }

  resubmit(id: string): Promise<ChangeSetDto> {
    return this.call('POST', `/change-sets/${seg(id)}/resubmit`);
  }

  // --- revising a change set. The seam for editing under revision: PUT adds operations (the seed
  // allows it in draft); replacing and removing one operation are PATCH / DELETE on the operation.
  // Whether the API accepts them in revision_requested is the API's call; see unsupportedRevisionEdit.

  addOperations(id: string, operations: OperationInput[]): Promise<ChangeSetDto> {
    return this.call('PUT', `/change-sets/${seg(id)}`, { body: { operations } });
  }

  replaceOperationChanges(id: string, operationId: string, changes: ProposedChangeInput[]): Promise<ChangeSetDto> {
    return this.call('PATCH', `/change-sets/${seg(id)}/operations/${seg(operationId)}`, { body: { changes } });
  }

  removeOperation(id: string, operationId: string): Promise<unknown> {
    return this.call('DELETE', `/change-sets/${seg(id)}/operations/${seg(operationId)}`);
  }

  // --- who is calling

  /**
   * GET /me where the API has it; otherwise a cheap authenticated read proves the credential and
   * the caller is read from the token's claims.
   */
  async caller(): Promise<Caller> {
    try {
      const me = await this.call<{ id?: string; userId?: string; username?: string; roles?: string[] }>('GET', '/me');
      return { userId: me.id ?? me.userId, username: me.username, roles: me.roles ?? [] };
    } catch (error) {
      if (!(error instanceof ApiError && error.missingRoute)) throw error;
    }
    await this.call('GET', '/dimensions');
    return claimsOf(await this.options.credentials.current());
  }

  // --- transport

  private async call<T>(method: string, path: string, options: { query?: Query; body?: unknown; anonymous?: boolean } = {}): Promise<T> {
    return (await this.exchange<T>(method, path, options)).body;
  }

  private async exchange<T>(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; anonymous?: boolean },
  ): Promise<{ body: T; headers: Headers }> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const send = async () => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (!options.anonymous) Object.assign(headers, credentialHeaders(await this.options.credentials.current()));
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      try {
        return await fetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        throw new ApiUnreachable(`${method} ${url.pathname}`, error);
      }
    };
    let response = await send();
    if (response.status === 401 && !options.anonymous && (await this.options.credentials.renew())) response = await send();
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (!response.ok) throw ApiError.from(response.status, parsed, `${method} ${url.pathname}`);
    return { body: parsed as T, headers: response.headers };
  }
}

/** A path segment; ids never reach the URL unescaped (no `..` or `/` tricks). */
function seg(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Why the API refused an edit of a change set under revision, when the reason is that this API
 * version does not offer it (rather than bad input): the endpoint is missing altogether, or it
 * answered 409 with an `allowed` list of statuses that leaves out `revision_requested`.
 * `endpoint` names the call for the model, e.g. `PUT /change-sets/:id`.
 */
export function unsupportedRevisionEdit(error: unknown, endpoint: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.missingRoute) return `this Sigma PIM API has no ${endpoint} endpoint`;
  const details = error.details as { status?: unknown; allowed?: unknown } | undefined;
  if (error.status === 409 && details?.status === 'revision_requested' && Array.isArray(details.allowed) && !details.allowed.includes('revision_requested')) {
    return `this Sigma PIM API accepts ${endpoint} only in status ${details.allowed.join(', ')}, not in revision_requested`;
  }
  return undefined;
}

export { ApiError, ApiUnreachable };
