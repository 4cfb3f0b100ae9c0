import {
  type ApplyOperationsRequest,
  type ApplyProgressed,
  DomainError,
  ErrorCodes,
  type RecordOperationResult,
  type RpcContext,
} from '@sigma/contracts';
import type { ApplyPorts, AuditTrail } from '../../src/apply/apply-ports';

/**
 * The audit trail as the apply sees it: events records wrote become recorded; a confirmation is
 * heard unless `deaf` says it was missed, and `check` finds every recorded one unless audit is down.
 */
export class FakeAudit implements AuditTrail {
  readonly recorded = new Set<string>();
  private readonly confirmationsHeard = new Set<string>();
  private waiters: (() => void)[] = [];
  /** Events whose confirmation is not heard (only `check` finds them). */
  deaf: (eventId: string) => boolean = () => false;
  /** Events audit has not recorded yet (neither heard nor found). */
  lagging: (eventId: string) => boolean = () => false;
  checkFailures = 0;
  checks = 0;

  /** Audit consumes the events records wrote. */
  consume(eventIds: readonly string[]): void {
    for (const id of eventIds) {
      if (this.lagging(id)) continue;
      this.recorded.add(id);
      if (!this.deaf(id)) this.confirmationsHeard.add(id);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Audit catches up on the events it lagged behind on. */
  catchUp(eventIds: readonly string[]): void {
    this.lagging = () => false;
    this.consume(eventIds);
  }

  heard(eventIds: readonly string[]): string[] {
    return eventIds.filter((id) => this.confirmationsHeard.has(id));
  }

  async check(eventIds: readonly string[]): Promise<string[]> {
    this.checks++;
    if (this.checkFailures > 0) {
      this.checkFailures--;
      throw new DomainError(ErrorCodes.serviceUnavailable, 'The audit service is not available');
    }
    return eventIds.filter((id) => this.recorded.has(id));
  }

  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export type RecordsFault =
  /** No answer: nothing is applied (records is down). */
  | 'down'
  /** Records applies the chunk and commits, then its reply is lost. */
  | 'lose-reply';

/**
 * Records as `records.record.apply-operations` promises it: each operation applied at most once
 * (a repeat answers the stored result), one event per applied operation, handed to audit.
 */
export class FakeRecords {
  /** Operation ids in the order records wrote them: an id twice is a double apply. */
  readonly writes: string[] = [];
  readonly requests: ApplyOperationsRequest[] = [];
  readonly contexts: RpcContext[] = [];
  private readonly results = new Map<string, RecordOperationResult>();
  private readonly faults: RecordsFault[] = [];
  /** Operations records refuses (with the code and message it gives). */
  readonly refuse = new Map<string, { code: string; message: string }>();
  /** Operations records applies without writing an event (nothing changed). */
  readonly silent = new Set<string>();
  /** Called after a chunk is committed, before the reply (a test's hook to "crash" the caller there). */
  afterCommit?: (request: ApplyOperationsRequest) => void;

  constructor(private readonly audit: FakeAudit) {}

  /** The next requests meet these faults, in order. */
  fail(...faults: RecordsFault[]): void {
    this.faults.push(...faults);
  }

  async applyOperations(request: ApplyOperationsRequest, context: RpcContext): Promise<RecordOperationResult[]> {
    this.requests.push(structuredClone(request));
    this.contexts.push(context);
    const fault = this.faults.shift();
    if (fault === 'down') throw new DomainError(ErrorCodes.serviceUnavailable, 'The records service is not available');
    const answers = request.operations.map((operation) => {
      const known = this.results.get(operation.operationId);
      if (known) return known;
      const refusal = this.refuse.get(operation.operationId);
      const result: RecordOperationResult = refusal
        ? { operationId: operation.operationId, status: 'failed', ...refusal }
        : {
            operationId: operation.operationId,
            status: 'applied',
            entityId: operation.entityId ?? `ent-new-${operation.operationId}`,
            eventIds: this.silent.has(operation.operationId) ? [] : [`evt-${operation.operationId}`],
          };
      this.results.set(operation.operationId, result);
      if (result.status === 'applied') this.writes.push(operation.operationId);
      return result;
    });
    this.audit.consume(answers.flatMap((answer) => (answer.status === 'applied' ? answer.eventIds : [])));
    this.afterCommit?.(request);
    if (fault === 'lose-reply') throw new DomainError(ErrorCodes.timeout, 'The records service did not answer within 15000 ms');
    return structuredClone(answers);
  }
}

/** Ports over the fakes, with every progress publication kept. */
export function fakePorts(): { ports: ApplyPorts; records: FakeRecords; audit: FakeAudit; progress: ApplyProgressed[] } {
  const audit = new FakeAudit();
  const records = new FakeRecords(audit);
  const progress: ApplyProgressed[] = [];
  return {
    records,
    audit,
    progress,
    ports: {
      applyOperations: (request, context) => records.applyOperations(request, context),
      audit,
      publishProgress: (published) => progress.push(published),
    },
  };
}
