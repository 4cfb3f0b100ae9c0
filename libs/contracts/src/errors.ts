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

  /** A 400 listing the issues (at most MAX_REPORTED_ISSUES of them, see capIssues). */
  static validation(issues: ValidationIssue[], message?: string): DomainError {
    const listed = capIssues(issues);
    return new DomainError(
      ErrorCodes.validationFailed,
      message ?? listed.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
      listed,
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
