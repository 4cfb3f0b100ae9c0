import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { type ApplyReply, type ApplyResult, DomainError, ErrorCodes, type RpcContext } from '@sigma/contracts';
import { idempotencyFor, type IdempotentOutcome } from '@sigma/db';
import { applyReply } from '../domain/apply-reply';
import { ApplyJob, type ApplyJobSettings } from './apply-job';
import { APPLY_LOG, type ApplyLog } from './apply-log';
import { APPLY_PORTS, type ApplyPorts } from './apply-ports';

export interface ApplySettings extends ApplyJobSettings {
  /** The quick-answer window: how long POST …/apply waits for the result before answering that the apply runs on (202). */
  waitMs: number;
  /** How often a process that does not drive a run looks for the result another one stores (and tries to take the run over). */
  otherOwnerPollMs: number;
  /** How often every replica looks for runs no live process drives (their owner died) to take them over. */
  resumeSweepMs: number;
}

export const APPLY_SETTINGS = Symbol('APPLY_SETTINGS');

const DEFAULTS: Pick<ApplySettings, 'waitMs' | 'otherOwnerPollMs' | 'resumeSweepMs'> = { waitMs: 10_000, otherOwnerPollMs: 500, resumeSweepMs: 5_000 };

/**
 * Applies approved change sets. Starting an apply first writes the saga log (the run and every
 * operation's intent) in one transaction; the job then only moves operations forward in that log.
 * A repeated POST joins the running job or returns the stored result; runs left unfinished by a
 * crash are resumed when the service starts, and by the other replicas while it is down. The log's
 * run lock makes one process (of any number of replicas) drive a given run; it is a session lock, so
 * it goes with the connection of a process that dies, and a waiting replica takes the run over.
 */
@Injectable()
export class ApplyService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApplyService');
  private readonly jobs = new Map<string, Promise<ApplyResult>>();
  private readonly settings: Partial<ApplyJobSettings> & typeof DEFAULTS;
  private stopping = false;
  private sweep?: NodeJS.Timeout;

  constructor(
    @Inject(APPLY_LOG) private readonly log: ApplyLog,
    @Inject(APPLY_PORTS) private readonly ports: ApplyPorts,
    @Optional() @Inject(APPLY_SETTINGS) settings?: Partial<ApplySettings>,
  ) {
    this.settings = { ...DEFAULTS, ...settings };
  }

  /**
   * Starts (or joins) the apply and answers its result, or that it is still running once the
   * quick-answer window has passed (the job goes on). A repeat is harmless without a key; with an
   * Idempotency-Key the key is claimed in the transaction that starts the run, so its retry is
   * answered as a replay of the same apply.
   */
  async apply(id: string, context: RpcContext): Promise<IdempotentOutcome<ApplyReply>> {
    const actor = context.actor ?? { userId: 'system', roles: [] };
    const started = await this.log.start(id, actor, context.requestId ?? null, idempotencyFor(context, 'change-sets.change-set.apply'));
    const result = started.result ?? (await this.waitFor(this.job(id)));
    const progress = result ? undefined : (await this.log.progress([id])).get(id);
    return { result: applyReply(result, progress), replayed: started.replayed };
  }

  /**
   * Resume runs a crash left unfinished (in the background: start-up does not wait for them), then
   * keep looking: a replica that died mid-run is not restarted at once, and its peers finish its runs.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.resumeUnfinished(true);
    this.sweep = setInterval(() => {
      this.resumeUnfinished(false).catch((error: Error) => this.logger.warn(`Looking for unfinished applies failed: ${error.message}`));
    }, this.settings.resumeSweepMs);
    this.sweep.unref();
  }

  /** Joins every unfinished run this process has no job for: it drives the run if no one else does, else it waits ready to take over. */
  private async resumeUnfinished(atStart: boolean): Promise<void> {
    for (const id of await this.log.unfinished()) {
      if (this.stopping || this.jobs.has(id)) continue;
      if (atStart) this.logger.log(`Resuming apply of ${id}`);
      this.job(id).catch((error: Error) => this.logger.warn(`Resumed apply of ${id} stopped: ${error.message}`));
    }
  }

  /**
   * The first shutdown phase, before the RPC server waits for its in-flight requests: running
   * jobs stop at their next step (the run stays in the saga log and resumes on the next start),
   * so a POST …/apply in flight answers 503 at once instead of holding the shutdown past its deadline.
   */
  onModuleDestroy(): void {
    this.stopping = true;
    clearInterval(this.sweep);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweep);
    await Promise.allSettled([...this.jobs.values()]);
  }

  /** The in-process job of a set, started once. */
  private job(id: string): Promise<ApplyResult> {
    let job = this.jobs.get(id);
    if (!job) {
      job = this.runExclusively(id).finally(() => this.jobs.delete(id));
      this.jobs.set(id, job);
    }
    return job;
  }

  /**
   * Drives the run if no other process does; otherwise waits for the result the other one stores,
   * trying the lock again at each poll, so the run goes on here if its owner dies.
   */
  private async runExclusively(id: string): Promise<ApplyResult> {
    for (;;) {
      const outcome = await this.log.exclusive(id, () =>
        new ApplyJob({ log: this.log, ports: this.ports, isStopping: () => this.stopping, settings: this.settings }, id).run(),
      );
      if (outcome.acquired) return outcome.value;
      if (this.stopping) throw new DomainError(ErrorCodes.serviceUnavailable, 'The change-set service is shutting down');
      await new Promise((resolve) => setTimeout(resolve, this.settings.otherOwnerPollMs));
      const result = await this.log.result(id);
      if (result) return result;
    }
  }

  /** The job's result if it comes within the quick-answer window, else undefined (the job goes on). */
  private async waitFor(job: Promise<ApplyResult>): Promise<ApplyResult | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const window = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.settings.waitMs);
    });
    try {
      return await Promise.race([job, window]);
    } finally {
      clearTimeout(timer);
    }
  }
}
