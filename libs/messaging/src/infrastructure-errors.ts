import { DomainError, ErrorCodes } from '@sigma/contracts';

/** Network errors and PostgreSQL's "cannot serve now" classes: admin shutdown, connection failure, too many clients. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const PG_UNAVAILABLE_CLASSES = ['08', '57P', '53300'];
const DRIVER_MESSAGES = [/Connection terminated/i, /connection timeout/i, /Client has encountered a connection error/i];

/**
 * A dependency being down (the database restarting, a dropped connection) is a 503 for the caller,
 * not an internal error: it is temporary and a retry can succeed. Undefined for any other error.
 */
export function asDependencyOutage(error: unknown): DomainError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  const unavailable =
    NETWORK_CODES.has(code) ||
    PG_UNAVAILABLE_CLASSES.some((prefix) => code.startsWith(prefix)) ||
    DRIVER_MESSAGES.some((pattern) => pattern.test(error.message));
  return unavailable ? new DomainError(ErrorCodes.serviceUnavailable, 'A dependency is temporarily unavailable; retry shortly') : undefined;
}

/**
 * PostgreSQL's class 22 (data exception: a NUL byte in text, a value out of range) means the input
 * could not be stored as given: the caller's mistake, a 400, not an internal error.
 */
export function asRejectedInput(error: unknown): DomainError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  if (!/^22[0-9A-Z]{3}$/.test(code)) return undefined;
  return DomainError.validation([{ field: 'input', rule: 'storable', message: 'contains characters or values that cannot be stored (e.g. a NUL byte)' }]);
}

/** What an unexpected error from a handler means for the caller, when it is one of the known kinds. */
export function classifyInfrastructureError(error: unknown): DomainError | undefined {
  return asDependencyOutage(error) ?? asRejectedInput(error);
}
