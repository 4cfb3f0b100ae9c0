import type { ValidationIssue } from '@sigma/contracts';

/** An answer of the API outside 2xx, with its error body `{ statusCode, error, message, code, details }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly details: unknown,
    /** e.g. `PUT /api/v1/change-sets/cs_1` */
    readonly request: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, body: unknown, request: string): ApiError {
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const message = typeof fields.message === 'string' ? fields.message : typeof body === 'string' && body ? body.slice(0, 500) : `HTTP ${status}`;
    return new ApiError(status, typeof fields.code === 'string' ? fields.code : undefined, message, fields.details, request);
  }

  /** The field-level problems of a 400/422 (`details: [{ field, rule, message, attributeAlias?, scope? }]`). */
  get issues(): ValidationIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (issue): issue is ValidationIssue =>
        typeof issue === 'object' && issue !== null && typeof issue.field === 'string' && typeof issue.message === 'string',
    );
  }
}

/** The API did not answer (down, unreachable, or slower than the timeout). */
export class ApiUnreachable extends Error {
  constructor(
    readonly request: string,
    cause: unknown,
  ) {
    // fetch's abort reason is a DOMException, an Error only within the realm that made it: read its fields.
    const { name, message } = (typeof cause === 'object' && cause !== null ? cause : {}) as { name?: unknown; message?: unknown };
    super(`${request}: ${name === 'TimeoutError' ? 'no answer in time' : typeof message === 'string' ? message : String(cause)}`);
    this.name = 'ApiUnreachable';
  }
}
