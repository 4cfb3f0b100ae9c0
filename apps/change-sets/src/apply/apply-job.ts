import { Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { EntityManager } from 'typeorm';
import {
  APPLY_PROGRESSED_SUBJECT,
  type ApplyProgressed,
  type ApplyResult,
  DomainError,
  ErrorCodes,
  type RecordOperation,
  type RecordOperationResult,
  type RpcContext,
} from '@sigma/contracts';
import { prefixSubject, type RpcClient } from '@sigma/messaging';
import type { ChangeSetStore } from '../change-sets/change-set.store';
import { ApplyRunEntity, ChangeSetEntity } from '../database/entities';
import type { AuditConfirmations } from './audit-confirmations';

const CHUNK = 500;
/**
 * How long one chunk may take in records before it is requested again. A chunk of 500 takes about
 * a second; a reply that has not come by then is lost (records crashed mid-batch, its transaction
 * rolled back), and waiting longer only stalls the apply. Repeating is safe even if records is
 * merely slow: the repeat waits on the first batch's row locks and then fails on the idempotency
 * key (or answers from it), so nothing is applied twice.
 */
const RECORDS_TIMEOUT_MS = 15_000;
const CHECK_AFTER_MS = 1000;
const MAX_BACKOFF_MS = 5000;

export interface ApplyJobDeps {
  store: ChangeSetStore;
  rpc: RpcClient;
  confirmations: AuditConfirmations;
  nats: NatsConnection;
  subjectPrefix?: string;
  isStopping: () => boolean;
}

/**
 * One apply run of one change set, driven from its saga log (apply_run + each operation's
 * apply_state), so it can be resumed from any point:
 *   pending   → records applies it (idempotent by operation id) → requested (event ids known) | failed
 *   requested → the audit trail recorded every event            → confirmed (operation applied)
 * The run finishes when nothing is pending or requested.
 */
export class ApplyJob {
  private readonly logger = new Logger('ApplyJob');

  constructor(
    private readonly deps: ApplyJobDeps,
    private readonly changeSetId: string,
  ) {}

  async run(): Promise<ApplyResult> {
    const started = Date.now();
    try {
      return await this.runSteps();
    } finally {
      this.logger.debug(`Apply run of ${this.changeSetId} took ${Date.now() - started} ms`);
    }
  }

  private async runSteps(): Promise<ApplyResult> {
    const run = await this.deps.store.manager.findOneBy(ApplyRunEntity, { changeSetId: this.changeSetId });
    if (!run) throw new DomainError(ErrorCodes.internal, `No apply run for ${this.changeSetId}`);
    const context: RpcContext = { requestId: run.requestId ?? `apply-${this.changeSetId}`, actor: run.actor as RpcContext['actor'] };
    await this.requestPending(context);
    const confirming = Date.now();
    await this.awaitConfirmations();
    this.logger.debug(`Applying ${this.changeSetId}: audit confirmations took ${Date.now() - confirming} ms after the last batch`);
    return this.finish();
  }

  /** Sends pending operations to records in chunks, in set order, and records each outcome. */
  private async requestPending(context: RpcContext): Promise<void> {
    let backoff = 200;
    for (;;) {
      this.stopIfShuttingDown();
      const pending = (await this.deps.store.manager.query(
        `SELECT id, type, entity_id, schema_id, changes FROM operation
         WHERE change_set_id = $1 AND apply_state = 'pending' ORDER BY position LIMIT $2`,
        [this.changeSetId, CHUNK],
      )) as { id: string; type: RecordOperation['type']; entity_id: string | null; schema_id: string; changes: RecordOperation['changes'] }[];
      if (pending.length === 0) return;
      let results: RecordOperationResult[];
      const started = Date.now();
      try {
        results = await this.deps.rpc.request(
          'records.record.apply-operations',
          {
            changeSetId: this.changeSetId,
            operations: pending.map((row) => ({
              operationId: row.id,
              type: row.type,
              ...(row.entity_id && { entityId: row.entity_id }),
              schemaId: row.schema_id,
              changes: row.changes.map(({ attributeAlias, scope, oldValue, newValue }) => ({ attributeAlias, scope, oldValue, newValue })),
            })),
          },
          { timeoutMs: RECORDS_TIMEOUT_MS, context },
        );
      } catch (error) {
        // Records is down or slow: the same request is safe to repeat, it is idempotent per operation.
        this.logger.warn(`Applying ${this.changeSetId}: records did not answer (${(error as Error).message}); retrying in ${backoff} ms`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      backoff = 200;
      this.logger.debug(`Applying ${this.changeSetId}: records applied ${results.length} operations in ${Date.now() - started} ms`);
      await this.recordOutcomes(results);
      // Confirm what the audit trail already recorded, so progress moves while chunks are still going out.
      await this.confirmRecorded(false);
      await this.publishProgress();
    }
  }

  private async recordOutcomes(results: RecordOperationResult[]): Promise<void> {
    const rows = results.map((result) =>
      result.status === 'applied'
        ? {
            id: result.operationId,
            apply_state: result.eventIds.length ? 'requested' : 'confirmed',
            status: result.eventIds.length ? 'approved' : 'applied',
            event_ids: result.eventIds,
            error: null,
          }
        : { id: result.operationId, apply_state: 'failed', status: 'failed', event_ids: [], error: { code: result.code, message: result.message } },
    );
    await this.deps.store.manager.query(
      `UPDATE operation o SET apply_state = x.apply_state, status = x.status, event_ids = x.event_ids, error = x.error
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, apply_state text, status text, event_ids text[], error jsonb)
       WHERE o.id = x.id AND o.change_set_id = $1 AND o.apply_state = 'pending'`,
      [this.changeSetId, JSON.stringify(rows)],
    );
  }

  /** Waits until the audit trail holds every event of every applied operation. */
  private async awaitConfirmations(): Promise<void> {
    let lastCheck = Date.now();
    for (;;) {
      this.stopIfShuttingDown();
      const askAudit = Date.now() - lastCheck >= CHECK_AFTER_MS;
      if (askAudit) lastCheck = Date.now();
      const { waiting, confirmed } = await this.confirmRecorded(askAudit);
      if (waiting === 0) return;
      if (confirmed < waiting) await this.deps.confirmations.next(CHECK_AFTER_MS);
    }
  }

  /**
   * Marks the requested operations whose events the audit trail recorded (heard, or asked of the
   * audit service when `askAudit`). Returns how many were waiting and how many it confirmed.
   */
  private async confirmRecorded(askAudit: boolean): Promise<{ waiting: number; confirmed: number }> {
    const waiting = (await this.deps.store.manager.query(
      `SELECT id, event_ids FROM operation WHERE change_set_id = $1 AND apply_state = 'requested'`,
      [this.changeSetId],
    )) as { id: string; event_ids: string[] }[];
    if (waiting.length === 0) return { waiting: 0, confirmed: 0 };
    const eventIds = waiting.flatMap((row) => row.event_ids);
    const recorded = new Set(this.deps.confirmations.heard(eventIds));
    if (recorded.size < eventIds.length && askAudit) {
      const missing = eventIds.filter((id) => !recorded.has(id));
      try {
        for (const id of await this.deps.confirmations.check(missing)) recorded.add(id);
      } catch (error) {
        this.logger.warn(`Applying ${this.changeSetId}: audit did not answer (${(error as Error).message}); still waiting`);
      }
    }
    const confirmed = waiting.filter((row) => row.event_ids.every((id) => recorded.has(id))).map((row) => row.id);
    if (confirmed.length > 0) {
      await this.deps.store.manager.query(
        `UPDATE operation SET apply_state = 'confirmed', status = 'applied' WHERE change_set_id = $1 AND id = ANY($2) AND apply_state = 'requested'`,
        [this.changeSetId, confirmed],
      );
      await this.publishProgress();
    }
    return { waiting: waiting.length, confirmed: confirmed.length };
  }

  private async finish(): Promise<ApplyResult> {
    return this.deps.store.transaction(async (manager) => {
      const { set, operations } = await this.deps.store.load(manager, this.changeSetId, true);
      if (set.applyResult) return set.applyResult;
      const result: ApplyResult = {
        applied: operations.filter((operation) => operation.applyState === 'confirmed').length,
        skipped: operations.filter((operation) => operation.applyState === 'skipped').length,
        errors: operations
          .filter((operation) => operation.applyState === 'failed')
          .map((operation) => ({ operationId: operation.id, code: operation.error?.code ?? 'failed', message: operation.error?.message ?? '' })),
      };
      const now = new Date();
      await updateSet(manager, this.changeSetId, {
        status: result.errors.length === 0 ? 'applied' : 'partially_applied',
        applyResult: result,
        appliedAt: now,
        updatedAt: now,
      });
      await manager.update(ApplyRunEntity, { changeSetId: this.changeSetId }, { status: 'completed', finishedAt: now });
      return result;
    });
  }

  private async publishProgress(): Promise<void> {
    const [row] = (await this.deps.store.manager.query(
      `SELECT count(*) FILTER (WHERE apply_state IN ('confirmed', 'failed'))::int AS done,
              count(*) FILTER (WHERE apply_state <> 'skipped')::int AS total
       FROM operation WHERE change_set_id = $1 AND apply_state IS NOT NULL`,
      [this.changeSetId],
    )) as { done: number; total: number }[];
    const progress: ApplyProgressed = { changeSetId: this.changeSetId, ...row };
    this.deps.nats.publish(prefixSubject(this.deps.subjectPrefix, APPLY_PROGRESSED_SUBJECT), JSON.stringify(progress));
  }

  private stopIfShuttingDown(): void {
    // The run stays in the saga log; the next start resumes it.
    if (this.deps.isStopping()) throw new DomainError(ErrorCodes.serviceUnavailable, 'The change-set service is shutting down; apply resumes on restart');
  }
}

function updateSet(manager: EntityManager, id: string, fields: Partial<ChangeSetEntity>): Promise<unknown> {
  return manager.update(ChangeSetEntity, { id }, fields as never);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
