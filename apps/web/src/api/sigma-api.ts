import { createSigmaClient } from '@sigma/sdk';
import { ApiError } from './api-error';
import type { AnnotationInput, ApplyAccepted, ApplyResult, ChangeDecision, ChangeSetDto, ChangeSetStatus, Decision, MessageInput, OperationFilter, Rating, Scope, SourceType } from './types';

export interface SigmaApiOptions {
  /** The API root, e.g. `http://localhost:3000/api/v1`. */
  baseUrl: string;
  /** The session's access token (none before sign-in). */
  token: () => string | undefined;
  /** Renews the access token after a 401 (short-lived tokens); resolves false when the session cannot be renewed. */
  refresh?: () => Promise<boolean>;
  /** Called on a 401 that a refresh could not cure (expired or revoked session). */
  onUnauthorized?: () => void;
}

export interface ChangeSetQuery {
  status?: ChangeSetStatus;
  sourceType?: SourceType;
  schemaId?: string;
  offset?: number;
  limit?: number;
}

/** A bulk decision: every pending operation matching `filter` ({} matches all). */
export interface DecideOperationsInput {
  decision: Decision;
  filter: OperationFilter;
  reviewNote?: string;
  allowStale?: boolean;
}

/** Apply's answer: 200 with the result when quick, else 202 while the set is applying (poll the set). */
export type ApplyAnswer = { accepted: false; result: ApplyResult } | { accepted: true; progress: ApplyAccepted['applyProgress'] };

/** A large set's page shows at most this many operations (decide the rest by filter). */
export const LOADED_OPERATIONS_MAX = 5000;
const OPERATION_PAGE_LIMIT = 500;

export interface Page<T> {
  items: T[];
  total: number;
}

/** What every SDK call answers: `data` on success, `error` (the parsed body) otherwise. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Every API call the app makes, each through the generated SDK (`@sigma/sdk`), so paths,
 * parameters, bodies and answers are typed by the API's OpenAPI document. Screens use only this
 * object: it turns refusals into `ApiError`s and renews the session's short-lived token.
 */
export function createSigmaApi(options: SigmaApiOptions) {
  const { baseUrl, onUnauthorized } = options;
  /** Acts as the signed-in user; renews the token once on a 401 (the SDK sends the request again). */
  const session = createSigmaClient({ baseUrl, token: options.token, renewToken: options.refresh });
  /** Sign-in, refresh and sign-out carry their credential in the body. */
  const anonymous = createSigmaClient({ baseUrl });

  async function answer<T>(call: () => Promise<Answer<T>>, asSession = true): Promise<{ data: T; response: Response }> {
    let result: Answer<T>;
    try {
      result = await call();
    } catch (cause) {
      throw ApiError.unreachable(cause);
    }
    const { data, error, response } = result;
    if (response.ok) return { data: data as T, response };
    if (response.status === 401 && asSession && options.token()) onUnauthorized?.();
    throw ApiError.fromAnswer(response, error);
  }
  const data = async <T>(call: () => Promise<Answer<T>>, asSession = true) => (await answer(call, asSession)).data;
  /** A page of a list and its X-Total-Count. */
  const page = async <T>(call: () => Promise<Answer<T[]>>): Promise<Page<T>> => {
    const { data: items, response } = await answer(call);
    return { items, total: Number(response.headers.get('x-total-count') ?? items.length) };
  };
  const note = (reviewNote?: string) => (reviewNote ? { reviewNote } : {});
  const set = (id: string) => ({ params: { path: { id } } });
  const op = (id: string, opId: string) => ({ params: { path: { id, opId } } });
  const record = (id: string) => ({ params: { path: { id } } });

  return {
    signIn: (username: string, password: string) => data(() => anonymous.POST('/auth/token', { body: { username, password } }), false),
    refresh: (refreshToken: string) => data(() => anonymous.POST('/auth/refresh', { body: { refreshToken } }), false),
    signOut: async (refreshToken: string) => {
      await data(() => anonymous.POST('/auth/logout', { body: { refreshToken } }), false);
    },
    /** `accessToken`: ask with a token not yet in the session (right after sign-in). */
    me: (accessToken?: string) =>
      accessToken === undefined ? data(() => session.GET('/me')) : data(() => createSigmaClient({ baseUrl, token: accessToken }).GET('/me'), false),

    changeSets: {
      list: (query: ChangeSetQuery = {}) => page(() => session.GET('/change-sets', { params: { query } })),
      /** How many sets match (a one-row page's X-Total-Count). */
      count: async (query: ChangeSetQuery) => (await page(() => session.GET('/change-sets', { params: { query: { ...query, limit: 1 } } }))).total,
      stats: () => data(() => session.GET('/change-sets/stats')),
      /** The set as GET answers it: a large set's summary, with status and apply progress (what polling needs). */
      status: (id: string) => data(() => session.GET('/change-sets/{id}', set(id))),
      /**
       * The set with its operations: a set too large to read at once answers its summary, and then its
       * first pages of operations are read (at most LOADED_OPERATIONS_MAX; `operationsOmitted` stays set).
       */
      get: async (id: string): Promise<ChangeSetDto> => {
        const whole = await data(() => session.GET('/change-sets/{id}', set(id)));
        if (!whole.operationsOmitted) return whole;
        const operations: ChangeSetDto['operations'] = [];
        let cursor: string | undefined;
        do {
          const next = await data(() => session.GET('/change-sets/{id}/operations', { params: { path: { id }, query: { limit: OPERATION_PAGE_LIMIT, ...(cursor && { cursor }) } } }));
          operations.push(...next.items);
          cursor = next.nextCursor;
        } while (cursor && operations.length < LOADED_OPERATIONS_MAX);
        return { ...whole, operations };
      },
      /** `allowStale`: the reviewer confirmed approving changes whose record changed since they were proposed. */
      approve: (id: string, reviewNote?: string, allowStale?: boolean) =>
        data(() => session.POST('/change-sets/{id}/approve', { ...set(id), body: { ...note(reviewNote), ...(allowStale && { allowStale }) } })),
      reject: (id: string, reviewNote?: string) => data(() => session.POST('/change-sets/{id}/reject', { ...set(id), body: note(reviewNote) })),
      approveOperation: (id: string, opId: string, reviewNote?: string, allowStale?: boolean) =>
        data(() => session.POST('/change-sets/{id}/operations/{opId}/approve', { ...op(id, opId), body: { ...note(reviewNote), ...(allowStale && { allowStale }) } })),
      rejectOperation: (id: string, opId: string, reviewNote?: string) =>
        data(() => session.POST('/change-sets/{id}/operations/{opId}/reject', { ...op(id, opId), body: note(reviewNote) })),
      rate: (id: string, opId: string, attributeAlias: string, rating: Rating, scope?: Scope) =>
        data(() => session.POST('/change-sets/{id}/operations/{opId}/rate', { ...op(id, opId), body: scope ? { attributeAlias, scope, rating } : { attributeAlias, rating } })),
      annotate: (id: string, opId: string, input: AnnotationInput) => data(() => session.POST('/change-sets/{id}/operations/{opId}/annotate', { ...op(id, opId), body: input })),
      deleteAnnotation: (id: string, annotationId: string) =>
        data(() => session.DELETE('/change-sets/{id}/annotations/{annotationId}', { params: { path: { id, annotationId } } })),
      messages: (id: string) => data(() => session.GET('/change-sets/{id}/messages', set(id))),
      postMessage: (id: string, input: MessageInput) => data(() => session.POST('/change-sets/{id}/messages', { ...set(id), body: input })),
      requestRevision: (id: string, requestedBy: string, message?: string): Promise<ChangeSetDto> =>
        data(() => session.POST('/change-sets/{id}/request-revision', { ...set(id), body: message ? { requestedBy, message } : { requestedBy } })),
      resubmit: (id: string) => data(() => session.POST('/change-sets/{id}/resubmit', set(id))),
      /** Decides changes (attribute × scope) of one operation; changes not named keep their decision. */
      decideChanges: (id: string, opId: string, decisions: ChangeDecision[], allowStale?: boolean) =>
        data(() => session.POST('/change-sets/{id}/operations/{opId}/changes/decide', { ...op(id, opId), body: { decisions, ...(allowStale && { allowStale }) } })),
      /** Decides every pending operation matching the filter; answers the counts, never the operations. */
      decideOperations: (id: string, { decision, filter, reviewNote, allowStale }: DecideOperationsInput) =>
        data(() => session.POST('/change-sets/{id}/operations/decide', { ...set(id), body: { decision, filter, ...note(reviewNote), ...(allowStale && { allowStale }) } })),
      revisions: (id: string) => data(() => session.GET('/change-sets/{id}/revisions', set(id))),
      /** Revision n against the operations as they are now. */
      revisionDiff: (id: string, n: number) => data(() => session.GET('/change-sets/{id}/revisions/{n}/diff', { params: { path: { id, n } } })),
      /** One page (at most 200 operations) of the completeness before → after each operation. */
      completenessPreview: (id: string, query: { cursor?: string; limit?: number } = {}) =>
        data(() => session.GET('/change-sets/{id}/completeness-preview', { params: { path: { id }, query } })),
      apply: async (id: string): Promise<ApplyAnswer> => {
        const { data: body, response } = await answer(() => session.POST('/change-sets/{id}/apply', set(id)));
        if (response.status === 202) return { accepted: true, progress: (body as ApplyAccepted).applyProgress };
        return { accepted: false, result: body as ApplyResult };
      },
    },

    records: {
      get: (id: string) => data(() => session.GET('/records/{id}', record(id))),
      completeness: (id: string, lifecycleStateId?: string) =>
        data(() => session.GET('/records/{id}/completeness', { params: { path: { id }, query: { lifecycleStateId } } })),
      transitions: (id: string) => data(() => session.GET('/records/{id}/transitions', record(id))),
      transition: (id: string, transitionId: string) => data(() => session.POST('/records/{id}/transition', { ...record(id), body: { transitionId } })),
      audit: (id: string, query: { limit?: number; order?: 'asc' | 'desc' } = {}) => page(() => session.GET('/records/{id}/audit', { params: { path: { id }, query } })),
      pendingChanges: (id: string) => data(() => session.GET('/records/{id}/pending-changes', record(id))),
    },

    workspace: {
      schemas: () => data(() => session.GET('/schemas')),
      schema: (id: string) => data(() => session.GET('/schemas/{id}', { params: { path: { id } } })),
      dimensions: () => data(() => session.GET('/dimensions')),
      workflows: (schemaId: string) => data(() => session.GET('/workflows', { params: { query: { schemaId } } })),
    },
  };
}

export type SigmaApi = ReturnType<typeof createSigmaApi>;
