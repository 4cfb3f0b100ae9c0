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
