import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { idempotencyFor, type IdempotentOutcome, idempotentWrite } from '@sigma/db';
import { type ApplyResult, DomainError, ErrorCodes, type RpcContext } from '@sigma/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION, RpcClient } from '@sigma/messaging';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { ApplyRunEntity } from '../database/entities';
import { requireStatus } from '../review/review-rules';
import { ApplyJob } from './apply-job';
import { AuditConfirmations } from './audit-confirmations';

/** How long POST …/apply waits for the result before answering that the apply is still running. */
export const APPLY_WAIT_MS = 50_000;
const OTHER_OWNER_POLL_MS = 500;

/**
 * Applies approved change sets. Starting an apply first writes the saga log (apply_run + every
 * operation's intent) in one transaction; the job then only moves operations forward in that log.
 * A repeated POST joins the running job or returns the stored result; runs left unfinished by a
 * crash are resumed when the service starts. A session advisory lock per set makes one process
 * (of any number of replicas) drive a given run.
 */
@Injectable()
export class ApplyService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApplyService');
  private readonly jobs = new Map<string, Promise<ApplyResult>>();
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: ChangeSetStore,
    private readonly rpc: RpcClient,
    private readonly confirmations: AuditConfirmations,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /**
   * Starts (or joins) the apply and answers its result. A repeat is harmless without a key; with an
   * Idempotency-Key the key is claimed in the transaction that starts the run, so its retry is
   * answered as a replay of the same apply.
   */
  async apply(id: string, context: RpcContext): Promise<IdempotentOutcome<ApplyResult>> {
    const { replayed } = await this.store.transaction((manager) =>
      idempotentWrite(manager, idempotencyFor(context, 'change-sets.change-set.apply'), () => this.startRun(manager, id, context)),
    );
    const { set } = await this.store.load(this.store.manager, id);
    const result = set.applyResult ?? (await this.waitFor(id, this.job(id)));
    return { result, replayed };
  }

  /** Resume runs a crash left unfinished (in the background: start-up does not wait for them). */
  async onApplicationBootstrap(): Promise<void> {
    const runs = await this.store.manager.find(ApplyRunEntity, { where: { status: 'running' } });
    for (const run of runs) {
      this.logger.log(`Resuming apply of ${run.changeSetId}`);
      this.job(run.changeSetId).catch((error: Error) => this.logger.warn(`Resumed apply of ${run.changeSetId} stopped: ${error.message}`));
    }
  }

  /**
   * The first shutdown phase, before the RPC server waits for its in-flight requests: running
   * jobs stop at their next step (the run stays in the saga log and resumes on the next start),
   * so a POST …/apply in flight answers 503 at once instead of holding the shutdown past its deadline.
   */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.jobs.values()]);
  }

  /** Writes the saga log once: approved operations become pending, rejected ones skipped. A finished or running apply is joined. */
  private async startRun(manager: EntityManager, id: string, context: RpcContext): Promise<{ changeSetId: string }> {
    const joined = { changeSetId: id };
    const { set } = await this.store.load(manager, id, true);
    if (set.applyResult) return joined;
    requireStatus(set.status, ['approved'], 'apply');
    if (await manager.existsBy(ApplyRunEntity, { changeSetId: id })) return joined;
    await manager.insert(ApplyRunEntity, {
      changeSetId: id,
      status: 'running',
      actor: context.actor ?? { userId: 'system', roles: [] },
      requestId: context.requestId ?? null,
      startedAt: new Date(),
    });
    await manager.query(
      `UPDATE operation SET apply_state = CASE WHEN status = 'approved' THEN 'pending' ELSE 'skipped' END
       WHERE change_set_id = $1 AND apply_state IS NULL`,
      [id],
    );
    return joined;
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

  private async runExclusively(id: string): Promise<ApplyResult> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = (await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`apply:${id}`])) as { locked: boolean }[];
      if (!locked) return await this.awaitOtherOwner(id);
      try {
        return await new ApplyJob(
          {
            store: this.store,
            rpc: this.rpc,
            confirmations: this.confirmations,
            nats: this.nats,
            subjectPrefix: this.options.subjectPrefix,
            isStopping: () => this.stopping,
          },
          id,
        ).run();
      } finally {
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`apply:${id}`]).catch(() => undefined);
      }
    } finally {
      await lock.release();
    }
  }

  /** Another replica drives this run: wait for the result it stores. */
  private async awaitOtherOwner(id: string): Promise<ApplyResult> {
    for (;;) {
      if (this.stopping) throw new DomainError(ErrorCodes.serviceUnavailable, 'The change-set service is shutting down');
      const { set } = await this.store.load(this.store.manager, id);
      if (set.applyResult) return set.applyResult;
      await new Promise((resolve) => setTimeout(resolve, OTHER_OWNER_POLL_MS));
    }
  }

  private async waitFor(id: string, job: Promise<ApplyResult>): Promise<ApplyResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(async () => {
        const progress = await this.store.dto(this.store.manager, id).then((dto) => dto.applyProgress).catch(() => undefined);
        reject(
          new DomainError(ErrorCodes.timeout, 'The apply is still running; it continues in the background — poll GET /change-sets/:id', {
            changeSetId: id,
            applyProgress: progress,
          }),
        );
      }, APPLY_WAIT_MS);
    });
    try {
      return await Promise.race([job, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
