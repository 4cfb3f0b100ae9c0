/**
 * Domain error codes: the one vocabulary every service uses to say why a request failed.
 * They are transport-agnostic; the gateway maps them to HTTP in one place.
 */
export const ErrorCodes = {
  validationFailed: 'validation-failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  conflict: 'conflict',
  staleWrite: 'stale-write',
  /** If-Match named a version the record is no longer at. */
  preconditionFailed: 'precondition-failed',
  /** Idempotency-Key reused with a different request body. */
  idempotencyKeyReused: 'idempotency-key-reused',
  payloadTooLarge: 'payload-too-large',
  rateLimited: 'rate-limited',
  gateFailed: 'gate-failed',
  skuLimitReached: 'sku-limit-reached',
  serviceUnavailable: 'service-unavailable',
  timeout: 'timeout',
  internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** One broken rule of a rejected input: which field (attribute alias, scope) and which rule. */
export interface ValidationIssue {
  /** Path of the offending field in the request, e.g. `values.price[1].value`. */
  field: string;
  rule: string;
  message: string;
  attributeAlias?: string;
  scope?: Record<string, string>;
}

export interface DomainErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): DomainErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: DomainErrorBody): DomainError {
    return new DomainError(body.code, body.message, body.details);
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError(ErrorCodes.notFound, `${what} '${id}' not found`, { [`${lowerFirst(what)}Id`]: id });
  }

  static validation(issues: ValidationIssue[], message?: string): DomainError {
    return new DomainError(
      ErrorCodes.validationFailed,
      message ?? issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
      issues,
    );
  }

  static conflict(message: string, details?: unknown): DomainError {
    return new DomainError(ErrorCodes.conflict, message, details);
  }
}

export function isDomainErrorBody(value: unknown): value is DomainErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DomainErrorBody).code === 'string' &&
    typeof (value as DomainErrorBody).message === 'string'
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase());
}
