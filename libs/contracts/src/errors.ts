import type { Scope } from './records/records';
import type { MissingSlot } from './workflow/workflow';
import type { WorkspaceConflict } from './workspace/workspace';

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
  /** A decision (a completeness gate) was taken on a version the record is no longer at; decide again. */
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

/** not-found: the unknown id under `<thing>Id` (`recordId`, `categoryId`, …), or the unknown attribute. */
export type NotFoundDetails = { readonly [idOf: `${string}Id`]: string } & { readonly attributeAlias?: string };

/** precondition-failed: the version the record is at and the one the request expected. */
export interface StaleVersionDetails {
  recordId: string;
  currentVersion: number;
  expectedVersion: number;
}

/** stale-write: the version a decision was taken on, and the version the record is at now. */
export interface StaleDecisionDetails {
  recordId: string;
  currentVersion: number;
  decidedOnVersion: number;
}

/** A change-set change whose `oldValue` no longer matches the record (`actual` is what it holds now). */
export interface ValueConflict {
  attributeAlias: string;
  scope: Scope;
  expected: unknown;
  actual: unknown;
}

/** Named facts of the state that refused the request (ids, statuses, counts), e.g. `{ status, allowed }`. */
export interface ConflictFacts {
  readonly [fact: string]: string | number | boolean | null | readonly string[];
}

/** conflict: the facts of the conflicting state, or one entry per thing in the way. */
export type ConflictDetails = ConflictFacts | readonly WorkspaceConflict[] | readonly ValueConflict[];

/** gate-failed on a completeness gate: the score and the slots still missing. */
export interface CompletenessGateDetails {
  percentage: number;
  filled: number;
  total: number;
  missing: MissingSlot[];
}

/** The `details` each error code carries (`undefined`: none). */
export interface ErrorDetailsMap {
  'validation-failed': ValidationIssue[];
  unauthorized: undefined;
  /** The permission the role lacks, the roles a transition allows, or the field that must be the caller. */
  forbidden: { permission?: string; allowedRoleIds?: readonly string[]; field?: string };
  'not-found': NotFoundDetails;
  conflict: ConflictDetails;
  'stale-write': StaleDecisionDetails;
  /** A stale record version, or an If-Match header that names no version. */
  'precondition-failed': StaleVersionDetails | { ifMatch: string };
  'idempotency-key-reused': { idempotencyKey: string };
  'payload-too-large': undefined;
  'rate-limited': { retryAfterSeconds: number };
  /** Per-field issues of a change set that cannot go to review, or a completeness score below 100 %. */
  'gate-failed': ValidationIssue[] | CompletenessGateDetails;
  'sku-limit-reached': { limit: number; count: number };
  'service-unavailable': { service?: string };
  /** Which service did not answer, or the change set still applying (poll it). */
  timeout: { service: string } | { changeSetId: string; applyProgress?: { done: number; total: number } };
  internal: undefined;
}

export type ErrorDetails<C extends ErrorCode> = ErrorDetailsMap[C];

/** An error as it travels between services: the code decides the type of `details`. */
export type DomainErrorBody = {
  [C in ErrorCode]: { code: C; message: string; details?: ErrorDetails<C> };
}[ErrorCode];

export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetails<C>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): DomainErrorBody {
    return (
      this.details === undefined
        ? { code: this.code, message: this.message }
        : { code: this.code, message: this.message, details: this.details }
    ) as DomainErrorBody;
  }

  /** Rebuilds an error received from another service (its details are trusted to match its code). */
  static fromBody(body: DomainErrorBody): DomainError {
    return new DomainError<ErrorCode>(body.code, body.message, body.details as ErrorDetails<ErrorCode>);
  }

  static notFound(what: string, id: string): DomainError<'not-found'> {
    const details: NotFoundDetails = { [`${lowerFirst(what)}Id`]: id };
    return new DomainError(ErrorCodes.notFound, `${what} '${id}' not found`, details);
  }

  static validation(issues: ValidationIssue[], message?: string): DomainError<'validation-failed'> {
    return new DomainError(
      ErrorCodes.validationFailed,
      message ?? issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
      issues,
    );
  }

  static conflict(message: string, details?: ConflictDetails): DomainError<'conflict'> {
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
