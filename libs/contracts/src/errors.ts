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
  /** Approving a change whose oldValue no longer equals the record's value, without `allowStale`. */
  staleChange: 'stale-change',
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

/**
 * A refusal lists at most this many issues, so every error reply stays small whatever the input
 * (a body with 60,000 unknown keys is one 400 of a few kilobytes). Past it, one last issue with
 * rule `too-many-issues` gives the total.
 */
export const MAX_REPORTED_ISSUES = 100;
export const TOO_MANY_ISSUES_RULE = 'too-many-issues';

/**
 * Collects issues up to MAX_REPORTED_ISSUES and counts the rest without building them: `add`
 * takes a function, called only while there is room, so a validator can keep counting cheaply.
 */
export class IssueCollector {
  private readonly kept: ValidationIssue[] = [];
  private count = 0;
  private stopped = false;

  constructor(private readonly field: string) {}

  add(issue: ValidationIssue | (() => ValidationIssue)): void {
    this.count += 1;
    if (this.kept.length < MAX_REPORTED_ISSUES) this.kept.push(typeof issue === 'function' ? issue() : issue);
  }

  addAll(issues: readonly ValidationIssue[]): void {
    for (const issue of issues) this.add(issue);
  }

  get total(): number {
    return this.count;
  }

  /** The validator skipped checks because the list was full: the total is a lower bound. */
  stop(): void {
    this.stopped = true;
  }

  get full(): boolean {
    return this.kept.length >= MAX_REPORTED_ISSUES;
  }

  /** The kept issues, plus the `too-many-issues` summary when some were only counted. */
  list(): ValidationIssue[] {
    if (this.count <= this.kept.length && !this.stopped) return [...this.kept];
    const total = `${this.stopped ? 'at least ' : ''}${this.count}`;
    return [...this.kept, { field: this.field, rule: TOO_MANY_ISSUES_RULE, message: `${total} issues found; only the first ${MAX_REPORTED_ISSUES} are listed` }];
  }
}

/** At most MAX_REPORTED_ISSUES issues (plus the summary); lists already capped pass unchanged. */
export function capIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  if (issues.length <= MAX_REPORTED_ISSUES + 1) return [...issues];
  const collector = new IssueCollector(issues[0].field.split(/[.[]/)[0] || 'body');
  collector.addAll(issues);
  return collector.list();
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

/** stale-change: one entry per change whose oldValue no longer equals the record's value. */
export interface StaleChangeDetail extends ValueConflict {
  operationId: string;
  /** `operations[i].changes[j]` in the set. */
  field: string;
}

/** The `details` each error code carries (`undefined`: none). */
export interface ErrorDetailsMap {
  'validation-failed': ValidationIssue[];
  unauthorized: undefined;
  /** The permission the role lacks, the roles a transition allows, the field that must be the caller, or the change set's creator. */
  forbidden: { permission?: string; allowedRoleIds?: readonly string[]; field?: string; changeSetId?: string; createdBy?: string };
  'not-found': NotFoundDetails;
  conflict: ConflictDetails;
  'stale-write': StaleDecisionDetails;
  /** A stale record version, or an If-Match header that names no version. */
  'precondition-failed': StaleVersionDetails | { ifMatch: string };
  'idempotency-key-reused': { idempotencyKey: string };
  /** A reply too large for the bus, or an atomic bulk batch too large for one transaction's request (a request body too large has no details). */
  'payload-too-large': { reason: 'reply-too-large'; subject: string; bytes: number; maxBytes: number } | { reason: 'atomic-batch-too-large'; bytes: number; maxBytes: number };
  'rate-limited': { retryAfterSeconds: number };
  /** Per-field issues of a change set that cannot go to review, or a completeness score below 100 %. */
  'gate-failed': ValidationIssue[] | CompletenessGateDetails;
  /** The stale changes of the operations being approved (at most MAX_REPORTED_ISSUES). */
  'stale-change': StaleChangeDetail[];
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

  /** A 400 listing the issues (at most MAX_REPORTED_ISSUES of them, see capIssues). */
  static validation(issues: ValidationIssue[], message?: string): DomainError<'validation-failed'> {
    const listed = capIssues(issues);
    return new DomainError(
      ErrorCodes.validationFailed,
      message ?? listed.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
      listed,
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
