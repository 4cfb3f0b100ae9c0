import type {
  AnnotationDto,
  ApplyResult,
  AuditEntryDto,
  ChangeSetDto,
  ChangeSetStats,
  ChangeSetStatus,
  CompletenessDto,
  DimensionDto,
  MessageDto,
  PendingChangeDto,
  Rating,
  RecordDto,
  RoleId,
  SchemaDto,
  SourceType,
  TransitionDto,
  WorkflowDto,
} from '@sigma/contracts';
import { createHttp, type HttpOptions } from './http';

export interface TokenResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
  refreshExpiresIn?: number;
}

/** GET /me: who the token speaks for and the roles this request has. */
export interface MeResponse {
  id: string;
  username: string;
  displayName: string;
  roles: RoleId[];
  authType: 'jwt' | 'api-key';
  serviceAccount: boolean;
}

export interface ChangeSetQuery {
  status?: ChangeSetStatus;
  sourceType?: SourceType;
  schemaId?: string;
  offset?: number;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AnnotationInput {
  attributeAlias: string;
  text: string;
  startOffset: number;
  endOffset: number;
  sentiment: Rating;
  note?: string;
}

export interface MessageInput {
  authorId: string;
  authorName: string;
  authorType: 'user' | 'agent';
  body: string;
  operationId?: string;
}

const enc = encodeURIComponent;

/**
 * Every API call the app makes, typed with the contracts. Screens use only this object, so moving
 * to the generated SDK (`createSigmaClient`) changes this module alone.
 */
export function createSigmaApi(options: HttpOptions) {
  const http = createHttp(options);
  const get = async <T>(path: string, query?: Record<string, string | number | undefined>) => (await http<T>('GET', path, { query })).data;
  const post = async <T>(path: string, body?: unknown) => (await http<T>('POST', path, { body })).data;
  const total = (headers: Headers, fallback: number) => Number(headers.get('x-total-count') ?? fallback);
  const cs = (id: string) => `/change-sets/${enc(id)}`;
  const note = (reviewNote?: string) => (reviewNote ? { reviewNote } : {});

  return {
    signIn: async (username: string, password: string) => (await http<TokenResponse>('POST', '/auth/token', { body: { username, password }, token: null })).data,
    refresh: async (refreshToken: string) => (await http<TokenResponse>('POST', '/auth/refresh', { body: { refreshToken }, token: null })).data,
    signOut: async (refreshToken: string) => {
      await http<void>('POST', '/auth/logout', { body: { refreshToken }, token: null });
    },
    /** `accessToken`: ask for a token not yet in the session (right after sign-in). */
    me: async (accessToken?: string) => (await http<MeResponse>('GET', '/me', { token: accessToken })).data,

    changeSets: {
      async list(query: ChangeSetQuery = {}): Promise<Page<ChangeSetDto>> {
        const { data, headers } = await http<ChangeSetDto[]>('GET', '/change-sets', { query: { ...query } });
        return { items: data, total: total(headers, data.length) };
      },
      /** How many sets have this status (one-row page, X-Total-Count). */
      async count(query: ChangeSetQuery): Promise<number> {
        const { data, headers } = await http<ChangeSetDto[]>('GET', '/change-sets', { query: { ...query, limit: 1 } });
        return total(headers, data.length);
      },
      stats: () => get<ChangeSetStats>('/change-sets/stats'),
      get: (id: string) => get<ChangeSetDto>(cs(id)),
      approve: (id: string, reviewNote?: string) => post<ChangeSetDto>(`${cs(id)}/approve`, note(reviewNote)),
      reject: (id: string, reviewNote?: string) => post<ChangeSetDto>(`${cs(id)}/reject`, note(reviewNote)),
      approveOperation: (id: string, operationId: string, reviewNote?: string) =>
        post<ChangeSetDto>(`${cs(id)}/operations/${enc(operationId)}/approve`, note(reviewNote)),
      rejectOperation: (id: string, operationId: string, reviewNote?: string) =>
        post<ChangeSetDto>(`${cs(id)}/operations/${enc(operationId)}/reject`, note(reviewNote)),
      rate: (id: string, operationId: string, attributeAlias: string, rating: Rating) =>
        post<ChangeSetDto>(`${cs(id)}/operations/${enc(operationId)}/rate`, { attributeAlias, rating }),
      annotate: (id: string, operationId: string, input: AnnotationInput) => post<AnnotationDto>(`${cs(id)}/operations/${enc(operationId)}/annotate`, input),
      deleteAnnotation: async (id: string, annotationId: string) => (await http<{ deleted: true }>('DELETE', `${cs(id)}/annotations/${enc(annotationId)}`)).data,
      messages: (id: string) => get<MessageDto[]>(`${cs(id)}/messages`),
      postMessage: (id: string, input: MessageInput) => post<MessageDto>(`${cs(id)}/messages`, input),
      requestRevision: (id: string, requestedBy: string, message?: string) =>
        post<ChangeSetDto>(`${cs(id)}/request-revision`, message ? { requestedBy, message } : { requestedBy }),
      resubmit: (id: string) => post<ChangeSetDto>(`${cs(id)}/resubmit`),
      apply: (id: string) => post<ApplyResult>(`${cs(id)}/apply`),
    },

    records: {
      get: (id: string) => get<RecordDto>(`/records/${enc(id)}`),
      completeness: (id: string, lifecycleStateId?: string) => get<CompletenessDto>(`/records/${enc(id)}/completeness`, { lifecycleStateId }),
      transitions: (id: string) => get<TransitionDto[]>(`/records/${enc(id)}/transitions`),
      transition: (id: string, transitionId: string) => post<RecordDto>(`/records/${enc(id)}/transition`, { transitionId }),
      async audit(id: string, query: { limit?: number; order?: 'asc' | 'desc' } = {}): Promise<Page<AuditEntryDto>> {
        const { data, headers } = await http<AuditEntryDto[]>('GET', `/records/${enc(id)}/audit`, { query });
        return { items: data, total: total(headers, data.length) };
      },
      pendingChanges: (id: string) => get<PendingChangeDto[]>(`/records/${enc(id)}/pending-changes`),
    },

    workspace: {
      schemas: () => get<SchemaDto[]>('/schemas'),
      schema: (id: string) => get<SchemaDto>(`/schemas/${enc(id)}`),
      dimensions: () => get<DimensionDto[]>('/dimensions'),
      workflows: (schemaId: string) => get<WorkflowDto[]>('/workflows', { schemaId }),
    },
  };
}

export type SigmaApi = ReturnType<typeof createSigmaApi>;
