import type { ErrorBody } from './types';

/** A validation or gate problem naming the field it concerns. */
export interface FieldIssue {
  field: string;
  message: string;
  rule?: string;
}

/** A refused or failed API call, with what the server said about it (status 0: the server was not reached). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly requestId?: string,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  /** The SDK's answer to a request the API refused; `error` is its parsed body (text when it was not JSON). */
  static fromAnswer(response: Response, error: unknown): ApiError {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const parsed = error as Partial<ErrorBody> | null;
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.message === 'string') {
      const { error: reason, message, code, details } = parsed;
      return new ApiError(response.status, { statusCode: response.status, error: reason ?? response.statusText, message, code, details }, requestId);
    }
    // Not the API's JSON: a proxy's or the platform's own error page.
    const text = typeof error === 'string' ? error : '';
    return new ApiError(response.status, { statusCode: response.status, error: response.statusText || 'Error', message: text.slice(0, 300) || `HTTP ${response.status}` }, requestId);
  }

  /** fetch itself failed: offline, DNS, a refused connection. */
  static unreachable(cause: unknown): ApiError {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(0, { statusCode: 0, error: 'Network error', message: `The server could not be reached (${message})` });
  }

  get code(): string | undefined {
    return this.body.code;
  }

  /** Validation and gate issues, each naming the field it concerns (empty when the error has none). */
  get issues(): FieldIssue[] {
    const details = this.body.details;
    if (!Array.isArray(details)) return [];
    return details.filter((item): item is FieldIssue => typeof item?.field === 'string' && typeof item.message === 'string');
  }
}
