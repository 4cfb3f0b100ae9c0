import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { RecordEntity } from '../database/entities';
import { WorkspaceReader } from '../workspace/workspace-reader';
import { CompletenessScorer } from './completeness-scorer';
import { dropOtherStates, readRules } from './completeness-store';

/** Records re-scored per transaction: bounds the time a batch holds its locks and memory. */
export const RESCORE_BATCH = 500;
/** Queued re-scores are looked for this often too (another instance queued them, or a start-up left some). */
const POLL_MS = 5_000;

/**
 * Works off `completeness_rescore`: for one queued schema at a time, re-scores the next
 * RESCORE_BATCH records (by id, after the last one done) in one transaction and records how far
 * it got, so a restart resumes. The queue row is locked for the batch (SKIP LOCKED: instances
 * share the work), and a rule change waits for that batch and then restarts the schema from the
 * first record. Records are read without locks; scores keep the newest record version, so a write
 * that commits during a batch is never overwritten with an older score.
 */
@Injectable()
export class CompletenessRescorer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CompletenessRescorer');
  private running: Promise<void> | undefined;
  private again = false;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly workspace: WorkspaceReader,
    private readonly scorer: CompletenessScorer,
  ) {}

  onApplicationBootstrap(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Starts working off the queue (or makes the running pass look again when it ends). */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.workOff()
      .catch((error: unknown) => this.logger.error(`Re-scoring completeness failed: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once nothing is queued (or the service stops), after the pass in flight if there is one. */
  async drain(): Promise<void> {
    await this.running;
    await this.workOff();
  }

  private async workOff(): Promise<void> {
    while (!this.stopping && (await this.batch())) {
      // one batch per transaction
    }
  }

  /** One batch of one queued schema; false when the queue is empty (or all of it is being worked on). */
  async batch(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [job] = (await manager.query(
        'SELECT schema_id AS "schemaId", after_id AS "afterId" FROM completeness_rescore ORDER BY requested_at, schema_id LIMIT 1 FOR UPDATE SKIP LOCKED',
      )) as { schemaId: string; afterId: string | null }[];
      if (!job) return false;
      const rule = (await readRules(manager, [job.schemaId])).get(job.schemaId);
      const found = await this.workspace.writeContext(job.schemaId, manager);
      const records = rule && found ? await nextRecords(manager, job.schemaId, job.afterId) : [];
      if (rule && found && records.length > 0) {
        await this.scorer.store(
          manager,
          records.map((record) => ({ record, context: found.context })),
        );
        await dropOtherStates(
          manager,
          records.map((record) => record.id),
          rule.states.map((state) => state.id),
        );
      }
      if (records.length < RESCORE_BATCH) await manager.query('DELETE FROM completeness_rescore WHERE schema_id = $1', [job.schemaId]);
      else await manager.query('UPDATE completeness_rescore SET after_id = $2, done = done + $3 WHERE schema_id = $1', [job.schemaId, records.at(-1)?.id, records.length]);
      return true;
    });
  }
}

async function nextRecords(manager: EntityManager, schemaId: string, afterId: string | null): Promise<Pick<RecordEntity, 'id' | 'schemaId' | 'version' | 'values'>[]> {
  return (await manager.query(
    `SELECT id, schema_id AS "schemaId", version, "values" FROM record
     WHERE schema_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [schemaId, afterId, RESCORE_BATCH],
  )) as Pick<RecordEntity, 'id' | 'schemaId' | 'version' | 'values'>[];
}
