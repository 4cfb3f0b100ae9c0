import type { ValidationIssue } from '@sigma/contracts';

/** The one error shape every API endpoint answers with. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: unknown;
}

/** A refused or failed API call, with what the server said about it (status 0: the server was not reached). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly requestId?: string,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return this.body.code;
  }

  /** Validation and gate issues, each naming the field it concerns (empty when the error has none). */
  get issues(): ValidationIssue[] {
    const details = this.body.details;
    if (!Array.isArray(details)) return [];
    return details.filter(
      (item): item is ValidationIssue => typeof item === 'object' && item !== null && typeof item.field === 'string' && typeof item.message === 'string',
    );
  }
}

export interface HttpOptions {
  /** Base URL of the API, e.g. `/api/v1` (same origin) or `http://localhost:3000/api/v1`. */
  baseUrl: string;
  token: () => string | undefined;
  /** Renews the access token after a 401 (short-lived tokens); resolves false when the session cannot be renewed. */
  refresh?: () => Promise<boolean>;
  /** Called on a 401 that a refresh could not cure (expired or revoked session). */
  onUnauthorized?: () => void;
}

export interface HttpRequest {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Send this access token instead of the session's; `null`: send none (sign-in, refresh). */
  token?: string | null;
}

export interface HttpResponse<T> {
  data: T;
  headers: Headers;
}

function queryString(query: HttpRequest['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorBody(response: Response): Promise<ApiErrorBody> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    if (typeof parsed.message === 'string') {
      return { statusCode: response.status, error: parsed.error ?? response.statusText, message: parsed.message, code: parsed.code, details: parsed.details };
    }
  } catch {
    // not JSON: a proxy's or the platform's own error page
  }
  return { statusCode: response.status, error: response.statusText || 'Error', message: text.slice(0, 300) || `HTTP ${response.status}` };
}

/** JSON over fetch: the only place the app touches the network. */
export function createHttp(options: HttpOptions) {
  return async function http<T>(method: string, path: string, request: HttpRequest = {}, retried = false): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = request.token === undefined ? options.token() : (request.token ?? undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}${path}${queryString(request.query)}`, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError(0, { statusCode: 0, error: 'Network error', message: `The server could not be reached (${message})` });
    }
    if (!response.ok) {
      const body = await errorBody(response);
      if (response.status === 401 && token && request.token === undefined) {
        if (!retried && options.refresh && (await options.refresh())) return http<T>(method, path, request, true);
        options.onUnauthorized?.();
      }
      throw new ApiError(response.status, body, response.headers.get('x-request-id') ?? undefined);
    }
    const text = await response.text();
    return { data: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  };
}

export type Http = ReturnType<typeof createHttp>;
