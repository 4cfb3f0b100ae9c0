import { Logger } from '@nestjs/common';
import { type ApplyResult, DomainError, ErrorCodes, type RecordOperationResult, type RpcContext } from '@sigma/contracts';
import { applyProgressOf } from '../domain/apply-reply';
import type { ApplyLog } from './apply-log';
import type { ApplyPorts } from './apply-ports';

export interface ApplyJobSettings {
  /** Operations per request to records (the apply fault tests assume 500). */
  chunk: number;
  /**
   * How long one chunk may take in records before it is requested again. A chunk of 500 takes about
   * a second; a reply that has not come by then is lost (records crashed mid-batch, its transaction
   * rolled back), and waiting longer only stalls the apply. Repeating is safe even if records is
   * merely slow: the repeat waits on the first batch's row locks and then fails on the idempotency
   * key (or answers from it), so nothing is applied twice.
   */
  recordsTimeoutMs: number;
  /** How long to wait for heard confirmations before asking the audit service directly. */
  checkAfterMs: number;
  firstBackoffMs: number;
  maxBackoffMs: number;
  /** Progress is published at most this often (and once at the end). */
  progressEveryMs: number;
  /** While chunks go out, heard confirmations are taken at most this often (all of them at the end). */
  confirmEveryMs: number;
}

export const DEFAULT_APPLY_JOB_SETTINGS: ApplyJobSettings = {
  chunk: 500,
  recordsTimeoutMs: 15_000,
  checkAfterMs: 1000,
  firstBackoffMs: 200,
  maxBackoffMs: 5000,
  progressEveryMs: 250,
  confirmEveryMs: 250,
};

export interface ApplyJobDeps {
  log: ApplyLog;
  ports: ApplyPorts;
  isStopping: () => boolean;
  settings?: Partial<ApplyJobSettings>;
}

/**
 * One apply run of one change set, driven only by its saga log, so it can be resumed from any
 * point (see ApplyLog): pending operations go to records (idempotent by operation id) and become
 * requested or failed; requested ones become confirmed once the audit trail recorded their
 * events. The run finishes when nothing is pending or requested.
 */
export class ApplyJob {
  private readonly logger = new Logger('ApplyJob');
  private readonly settings: ApplyJobSettings;
  private lastProgressAt = 0;
  private lastConfirmAt = 0;

  constructor(
    private readonly deps: ApplyJobDeps,
    private readonly changeSetId: string,
  ) {
    this.settings = { ...DEFAULT_APPLY_JOB_SETTINGS, ...deps.settings };
  }

  async run(): Promise<ApplyResult> {
    const started = Date.now();
    try {
      const run = await this.deps.log.run(this.changeSetId);
      if (!run) throw new DomainError(ErrorCodes.internal, `No apply run for ${this.changeSetId}`);
      const context: RpcContext = { requestId: run.requestId ?? `apply-${this.changeSetId}`, actor: run.actor };
      await this.requestPending(context);
      await this.awaitConfirmations();
      await this.publishProgress(true);
      return await this.deps.log.finish(this.changeSetId);
    } finally {
      this.logger.debug(`Apply run of ${this.changeSetId} took ${Date.now() - started} ms`);
    }
  }

  /** Sends pending operations to records in chunks, in set order, and records each outcome. */
  private async requestPending(context: RpcContext): Promise<void> {
    let backoff = this.settings.firstBackoffMs;
    for (;;) {
      this.stopIfShuttingDown();
      const operations = await this.deps.log.pending(this.changeSetId, this.settings.chunk);
      if (operations.length === 0) return;
      let results: RecordOperationResult[];
      try {
        results = await this.confirmingWhile(
          this.deps.ports.applyOperations({ changeSetId: this.changeSetId, operations }, context, this.settings.recordsTimeoutMs),
        );
      } catch (error) {
        // Records is down or slow: the same request is safe to repeat, it is idempotent per operation.
        this.logger.warn(`Applying ${this.changeSetId}: records did not answer (${(error as Error).message}); retrying in ${backoff} ms`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.settings.maxBackoffMs);
        continue;
      }
      backoff = this.settings.firstBackoffMs;
      await this.deps.log.recordOutcomes(this.changeSetId, results);
      // Confirm what the audit trail already recorded, so progress moves while chunks are still going out
      // (every confirmEveryMs: reading every waiting operation after each chunk would grow with the set).
      if (Date.now() - this.lastConfirmAt >= this.settings.confirmEveryMs) {
        this.lastConfirmAt = Date.now();
        await this.confirmRecorded(false);
      }
      await this.publishProgress();
    }
  }

  /**
   * Awaits `request` while confirming what the audit trail records every confirmEveryMs, so
   * progress moves while records works on a chunk (or waits on a lock). A failure of a
   * confirmation step stops the run as it would in sequence, once the request is answered.
   */
  private async confirmingWhile<T>(request: Promise<T>): Promise<T> {
    let answered = false;
    const settled = request.then(
      () => undefined,
      () => undefined,
    );
    const confirming = (async () => {
      for (;;) {
        await Promise.race([settled, sleep(Math.max(this.settings.confirmEveryMs, 1))]);
        if (answered) return;
        this.lastConfirmAt = Date.now();
        await this.confirmRecorded(false);
      }
    })();
    try {
      return await request;
    } finally {
      answered = true;
      await confirming;
    }
  }

  /** Waits until the audit trail holds every event of every applied operation. */
  private async awaitConfirmations(): Promise<void> {
    let lastCheck = Date.now();
    for (;;) {
      this.stopIfShuttingDown();
      const askAudit = Date.now() - lastCheck >= this.settings.checkAfterMs;
      if (askAudit) lastCheck = Date.now();
      const { waiting, confirmed } = await this.confirmRecorded(askAudit);
      if (waiting === 0) return;
      if (confirmed < waiting) await this.deps.ports.audit.next(this.settings.checkAfterMs);
    }
  }

  /**
   * Confirms the requested operations whose events the audit trail recorded (heard, or asked of the
   * audit service when `askAudit`). Returns how many were waiting and how many it confirmed.
   */
  private async confirmRecorded(askAudit: boolean): Promise<{ waiting: number; confirmed: number }> {
    const waiting = await this.deps.log.awaitingConfirmation(this.changeSetId);
    if (waiting.length === 0) return { waiting: 0, confirmed: 0 };
    const audit = this.deps.ports.audit;
    const eventIds = waiting.flatMap((operation) => operation.eventIds);
    const recorded = new Set(audit.heard(eventIds));
    if (recorded.size < eventIds.length && askAudit) {
      const missing = eventIds.filter((id) => !recorded.has(id));
      try {
        for (const id of await audit.check(missing)) recorded.add(id);
      } catch (error) {
        this.logger.warn(`Applying ${this.changeSetId}: audit did not answer (${(error as Error).message}); still waiting`);
      }
    }
    const confirmed = waiting.filter((operation) => operation.eventIds.every((id) => recorded.has(id))).map((operation) => operation.operationId);
    if (confirmed.length > 0) {
      await this.deps.log.confirm(this.changeSetId, confirmed);
      await this.publishProgress();
    }
    return { waiting: waiting.length, confirmed: confirmed.length };
  }

  /**
   * Publishes the progress, at most every `progressEveryMs` unless `force`d (the last one): counting
   * a large set's operations after every chunk would cost more than the chunk.
   */
  private async publishProgress(force = false): Promise<void> {
    if (!force && Date.now() - this.lastProgressAt < this.settings.progressEveryMs) return;
    this.lastProgressAt = Date.now();
    const progress = (await this.deps.log.progress([this.changeSetId])).get(this.changeSetId) ?? applyProgressOf({ applied: 0, failed: 0, total: 0 });
    this.deps.ports.publishProgress({ changeSetId: this.changeSetId, ...progress });
  }

  private stopIfShuttingDown(): void {
    // The run stays in the saga log; the next start resumes it.
    if (this.deps.isStopping()) throw new DomainError(ErrorCodes.serviceUnavailable, 'The change-set service is shutting down; apply resumes on restart');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
