import {
  type Actor,
  type ApplyResult,
  type ChangeSetStatus,
  DomainError,
  ErrorCodes,
  type IdempotencyRef,
  type OperationStatus,
  type OperationType,
  type ProposedChangeDto,
  type RecordOperation,
  type RecordOperationResult,
} from '@sigma/contracts';
import type { ApplyLog, ApplyProgress, ApplyRun, ApplyStart, ApplyState } from '../../src/apply/apply-log';
import { changesToApply } from '../../src/domain/change-decisions';
import { applyProgressOf } from '../../src/domain/apply-reply';
import { nextChangeSetStatus } from '../../src/domain/change-set-status';
import { OPERATION_TRANSITIONS } from '../../src/domain/operation-status';

export interface SeedOperation {
  id: string;
  status: OperationStatus;
  type?: OperationType;
  entityId?: string;
  schemaId?: string;
  /** As the review stored them (with their decisions). */
  changes?: ProposedChangeDto[];
}

export interface SeedSet {
  id: string;
  status: ChangeSetStatus;
  operations: SeedOperation[];
}

export interface StoredOperation {
  id: string;
  status: OperationStatus;
  applyState: ApplyState | null;
  eventIds: string[] | null;
  error: { code: string; message: string } | null;
}

export interface StoredSet {
  status: ChangeSetStatus;
  applyResult: ApplyResult | null;
  operations: StoredOperation[];
}

interface MemoryOperation extends StoredOperation {
  type: OperationType;
  entityId?: string;
  schemaId: string;
  changes: ProposedChangeDto[];
}

interface MemorySet {
  status: ChangeSetStatus;
  applyResult: ApplyResult | null;
  operations: MemoryOperation[];
}

/** The default shape of a seeded operation's intent. */
export function seedOperation(operation: SeedOperation): Omit<MemoryOperation, keyof StoredOperation> {
  return {
    type: operation.type ?? 'update',
    ...(operation.type !== 'create' && { entityId: operation.entityId ?? `ent-${operation.id}` }),
    schemaId: operation.schemaId ?? 'schema-test',
    changes: operation.changes ?? [{ attributeAlias: 'material', scope: {}, newValue: `value of ${operation.id}` }],
  };
}

/**
 * The apply log in memory, for unit tests of the apply job and service: the same contract as
 * ApplyLogRepository (apply-log.contract.ts runs against both). `crashAt(step)` makes the next
 * call of a step throw before it changes anything, as if the process died there; the state stays
 * for the "restarted" service that resumes from it.
 */
export class InMemoryApplyLog implements ApplyLog {
  private readonly sets = new Map<string, MemorySet>();
  private readonly runs = new Map<string, ApplyRun>();
  private readonly locks = new Set<string>();
  private readonly crashes = new Map<keyof ApplyLog, number>();
  /** Claimed Idempotency-Keys (scope and key) and the request hash each was claimed with. */
  private readonly keys = new Map<string, string>();

  seed(set: SeedSet): void {
    this.sets.set(set.id, {
      status: set.status,
      applyResult: null,
      operations: set.operations.map((operation) => ({
        ...seedOperation(operation),
        id: operation.id,
        status: operation.status,
        applyState: null,
        eventIds: null,
        error: null,
      })),
    });
  }

  /** What a test may look at: the set's status, result and each operation's apply columns. */
  inspect(changeSetId: string): StoredSet {
    const set = this.set(changeSetId);
    const operations = set.operations.map(({ id, status, applyState, eventIds, error }) => ({ id, status, applyState, eventIds, error }));
    return structuredClone({ status: set.status, applyResult: set.applyResult, operations });
  }

  /** The next `times` calls of `step` throw before changing anything. */
  crashAt(step: keyof ApplyLog, times = 1): void {
    this.crashes.set(step, times);
  }

  /** Holds a set's run lock as another process would. */
  holdLock(changeSetId: string): () => void {
    this.locks.add(changeSetId);
    return () => this.locks.delete(changeSetId);
  }

  async start(changeSetId: string, actor: Actor, requestId: string | null, idempotency?: IdempotencyRef): Promise<ApplyStart> {
    this.step('start');
    const key = idempotency && `${idempotency.scope}\n${idempotency.key}`;
    const claimedWith = key === undefined ? undefined : this.keys.get(key);
    if (idempotency && claimedWith !== undefined) {
      if (claimedWith !== idempotency.requestHash) {
        throw new DomainError(ErrorCodes.idempotencyKeyReused, 'This Idempotency-Key was used with a different request body', { idempotencyKey: idempotency.key });
      }
      return { replayed: true, ...this.finished(changeSetId) };
    }
    const set = this.set(changeSetId);
    if (!set.applyResult && !this.runs.has(changeSetId)) {
      const status = nextChangeSetStatus('startApply', set.status);
      this.runs.set(changeSetId, { changeSetId, status: 'running', actor, requestId });
      const applicable: readonly OperationStatus[] = OPERATION_TRANSITIONS.markApplied.from;
      for (const operation of set.operations) {
        if (operation.applyState === null) operation.applyState = applicable.includes(operation.status) ? 'pending' : 'skipped';
      }
      set.status = status;
    }
    if (idempotency && key !== undefined) this.keys.set(key, idempotency.requestHash);
    return { replayed: false, ...this.finished(changeSetId) };
  }

  async run(changeSetId: string): Promise<ApplyRun | undefined> {
    this.step('run');
    const run = this.runs.get(changeSetId);
    return run && structuredClone(run);
  }

  async unfinished(): Promise<string[]> {
    this.step('unfinished');
    return [...this.runs.values()].filter((run) => run.status === 'running').map((run) => run.changeSetId);
  }

  async pending(changeSetId: string, limit: number): Promise<RecordOperation[]> {
    this.step('pending');
    return this.operations(changeSetId)
      .filter((operation) => operation.applyState === 'pending')
      .slice(0, limit)
      .map((operation) => ({
        operationId: operation.id,
        type: operation.type,
        ...(operation.entityId && { entityId: operation.entityId }),
        schemaId: operation.schemaId,
        changes: changesToApply(operation.changes).map(({ attributeAlias, scope, oldValue, newValue }) => structuredClone({ attributeAlias, scope, oldValue, newValue })),
      }));
  }

  async recordOutcomes(changeSetId: string, results: readonly RecordOperationResult[]): Promise<void> {
    this.step('recordOutcomes');
    const { markApplied, markFailed } = OPERATION_TRANSITIONS;
    for (const result of results) {
      const operation = this.operations(changeSetId).find((candidate) => candidate.id === result.operationId);
      if (!operation || operation.applyState !== 'pending') continue;
      if (result.status === 'failed') {
        Object.assign(operation, { applyState: 'failed', status: markFailed.to, eventIds: [], error: { code: result.code, message: result.message } });
      } else if (result.eventIds.length === 0) {
        Object.assign(operation, { applyState: 'confirmed', status: markApplied.to, eventIds: [], error: null });
      } else {
        Object.assign(operation, { applyState: 'requested', eventIds: [...result.eventIds], error: null });
      }
    }
  }

  async awaitingConfirmation(changeSetId: string): Promise<{ operationId: string; eventIds: string[] }[]> {
    this.step('awaitingConfirmation');
    return this.operations(changeSetId)
      .filter((operation) => operation.applyState === 'requested')
      .map((operation) => ({ operationId: operation.id, eventIds: [...(operation.eventIds ?? [])] }));
  }

  async confirm(changeSetId: string, operationIds: readonly string[]): Promise<number> {
    this.step('confirm');
    let moved = 0;
    for (const operation of this.operations(changeSetId)) {
      if (operation.applyState !== 'requested' || !operationIds.includes(operation.id)) continue;
      operation.applyState = 'confirmed';
      operation.status = OPERATION_TRANSITIONS.markApplied.to;
      moved++;
    }
    return moved;
  }

  async progress(changeSetIds: readonly string[]): Promise<Map<string, ApplyProgress>> {
    this.step('progress');
    const found = new Map<string, ApplyProgress>();
    for (const id of changeSetIds) {
      const inApply = (this.sets.get(id)?.operations ?? []).filter((operation) => operation.applyState !== null && operation.applyState !== 'skipped');
      const applied = inApply.filter((operation) => operation.applyState === 'confirmed').length;
      const failed = inApply.filter((operation) => operation.applyState === 'failed').length;
      if (inApply.length > 0) found.set(id, applyProgressOf({ applied, failed, total: inApply.length }));
    }
    return found;
  }

  async finish(changeSetId: string): Promise<ApplyResult> {
    this.step('finish');
    const set = this.set(changeSetId);
    if (set.applyResult) return structuredClone(set.applyResult);
    const result: ApplyResult = {
      applied: set.operations.filter((operation) => operation.applyState === 'confirmed').length,
      skipped: set.operations.filter((operation) => operation.applyState === 'skipped').length,
      errors: set.operations
        .filter((operation) => operation.applyState === 'failed')
        .map((operation) => ({ operationId: operation.id, code: operation.error?.code ?? 'failed', message: operation.error?.message ?? '' })),
    };
    set.status = nextChangeSetStatus('finishApply', set.status, { failed: result.errors.length });
    set.applyResult = result;
    const run = this.runs.get(changeSetId);
    if (run) run.status = 'completed';
    return structuredClone(result);
  }

  async result(changeSetId: string): Promise<ApplyResult | undefined> {
    this.step('result');
    const set = this.set(changeSetId);
    return set.applyResult ? structuredClone(set.applyResult) : undefined;
  }

  async exclusive<T>(changeSetId: string, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    this.step('exclusive');
    if (this.locks.has(changeSetId)) return { acquired: false };
    this.locks.add(changeSetId);
    try {
      return { acquired: true, value: await work() };
    } finally {
      this.locks.delete(changeSetId);
    }
  }

  private finished(changeSetId: string): { result?: ApplyResult } {
    const { applyResult } = this.set(changeSetId);
    return applyResult ? { result: structuredClone(applyResult) } : {};
  }

  private step(name: keyof ApplyLog): void {
    const left = this.crashes.get(name) ?? 0;
    if (left <= 0) return;
    this.crashes.set(name, left - 1);
    throw new Error(`simulated crash at ${name}`);
  }

  private set(changeSetId: string): MemorySet {
    const set = this.sets.get(changeSetId);
    if (!set) throw DomainError.notFound('Change set', changeSetId);
    return set;
  }

  private operations(changeSetId: string): MemoryOperation[] {
    return this.sets.get(changeSetId)?.operations ?? [];
  }
}
