import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { idempotentWrite } from '@sigma/db';
import {
  type Actor,
  type ApplyProgressDto,
  type ApplyResult,
  type ChangeSetStatus,
  DomainError,
  type IdempotencyRef,
  type ProposedChangeDto,
  type RecordOperation,
  type RecordOperationResult,
} from '@sigma/contracts';
import { applyProgressOf } from '../domain/apply-reply';
import { changesToApply } from '../domain/change-decisions';
import { nextChangeSetStatus } from '../domain/change-set-status';
import { OPERATION_TRANSITIONS } from '../domain/operation-status';

/**
 * The apply saga of a change set, per operation:
 *   pending   → records applied it (event ids known) → requested → audit recorded every event → confirmed
 *   pending   → records refused it                                                           → failed
 *   skipped: not approved, never sent. An operation without events is confirmed at once.
 */
export type ApplyState = 'pending' | 'requested' | 'confirmed' | 'failed' | 'skipped';

export interface ApplyRun {
  changeSetId: string;
  status: 'running' | 'completed';
  actor: Actor;
  requestId: string | null;
}

export interface ApplyStart {
  /** The stored result when the apply has finished (nothing to run). */
  result?: ApplyResult;
  /** The Idempotency-Key was claimed by an earlier request: nothing was written now. */
  replayed: boolean;
}

export type ApplyProgress = ApplyProgressDto;

/**
 * Every read and write of the apply saga log: the run of a set (`apply_run`) and each operation's
 * apply state, with the status, event ids and error the apply gives an operation. Each method is
 * one step of the saga, safe to repeat: a step only moves operations that are still where it
 * expects them, so a resumed or repeated run never moves one twice.
 */
export interface ApplyLog {
  /**
   * Writes the run and every operation's intent (approved → pending, others skipped) in one
   * transaction, once, claiming the request's Idempotency-Key (if any) in that same transaction.
   * A started run is joined; a finished set answers its stored result; a set that cannot be
   * applied in its status is a 409, an unknown one a 404.
   */
  start(changeSetId: string, actor: Actor, requestId: string | null, idempotency?: IdempotencyRef): Promise<ApplyStart>;
  /** The run of a set, if one was started. */
  run(changeSetId: string): Promise<ApplyRun | undefined>;
  /** Sets whose run was started and not finished (a crash, or still running elsewhere). */
  unfinished(): Promise<string[]>;
  /** Up to `limit` operations still to send to records, in set order. */
  pending(changeSetId: string, limit: number): Promise<RecordOperation[]>;
  /** Records' answers: applied → requested (or confirmed when it wrote no event), refused → failed. Only pending operations move. */
  recordOutcomes(changeSetId: string, results: readonly RecordOperationResult[]): Promise<void>;
  /** Operations applied in records whose events the audit trail has not yet confirmed. */
  awaitingConfirmation(changeSetId: string): Promise<{ operationId: string; eventIds: string[] }[]>;
  /** Requested → confirmed (the operation is applied). Returns how many moved. */
  confirm(changeSetId: string, operationIds: readonly string[]): Promise<number>;
  /**
   * applied / failed / total of the sets that have a run (operations sent or to send; skipped ones do not count).
   * Inside a transaction pass its manager: a second pooled connection taken while one is held starves the pool under load.
   */
  progress(changeSetIds: readonly string[], manager?: EntityManager): Promise<Map<string, ApplyProgress>>;
  /** Stores the result and the set's final status and completes the run, once; later calls return the stored result. */
  finish(changeSetId: string): Promise<ApplyResult>;
  /** The stored result of a finished apply (404 for an unknown set). */
  result(changeSetId: string): Promise<ApplyResult | undefined>;
  /**
   * Runs `work` only if no other process drives this set's run (a session advisory lock, held for
   * the whole run); `{ acquired: false }` without running it otherwise.
   */
  exclusive<T>(changeSetId: string, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

export const APPLY_LOG = Symbol('APPLY_LOG');

interface SetRow {
  status: ChangeSetStatus;
  apply_result: ApplyResult | null;
}

/** The apply log in PostgreSQL (the change-sets schema), in plain SQL. */
@Injectable()
export class ApplyLogRepository implements ApplyLog {
  constructor(private readonly dataSource: DataSource) {}

  start(changeSetId: string, actor: Actor, requestId: string | null, idempotency?: IdempotencyRef): Promise<ApplyStart> {
    return this.dataSource.transaction(async (manager) => {
      // The key's stored response names the set, as a run joined or started for it.
      const { replayed } = await idempotentWrite(manager, idempotency, async () => {
        await this.startRun(manager, changeSetId, actor, requestId);
        return { changeSetId };
      });
      const set = await lockSet(manager, changeSetId);
      return { replayed, ...(set.apply_result && { result: set.apply_result }) };
    });
  }

  private async startRun(manager: EntityManager, changeSetId: string, actor: Actor, requestId: string | null): Promise<void> {
    const set = await lockSet(manager, changeSetId);
    if (set.apply_result) return;
    const status = nextChangeSetStatus('startApply', set.status);
    const [run] = (await manager.query(
      `INSERT INTO apply_run (change_set_id, status, actor, request_id, started_at) VALUES ($1, 'running', $2, $3, now())
       ON CONFLICT (change_set_id) DO NOTHING RETURNING change_set_id`,
      [changeSetId, JSON.stringify(actor), requestId],
    )) as unknown[];
    if (!run) return;
    // What apply may move to applied is pending; everything else (rejected) is skipped. The run's total counts what is sent.
    await manager.query(
      `WITH marked AS (
         UPDATE operation SET apply_state = CASE WHEN status = ANY($2) THEN 'pending' ELSE 'skipped' END
         WHERE change_set_id = $1 AND apply_state IS NULL RETURNING apply_state)
       UPDATE apply_run SET total = (SELECT count(*) FROM marked WHERE apply_state = 'pending') WHERE change_set_id = $1`,
      [changeSetId, OPERATION_TRANSITIONS.markApplied.from],
    );
    if (status !== set.status) await manager.query('UPDATE change_set SET status = $2, updated_at = now() WHERE id = $1', [changeSetId, status]);
  }

  async run(changeSetId: string): Promise<ApplyRun | undefined> {
    const [row] = (await this.dataSource.query('SELECT change_set_id, status, actor, request_id FROM apply_run WHERE change_set_id = $1', [
      changeSetId,
    ])) as { change_set_id: string; status: ApplyRun['status']; actor: Actor; request_id: string | null }[];
    return row && { changeSetId: row.change_set_id, status: row.status, actor: row.actor, requestId: row.request_id };
  }

  async unfinished(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT change_set_id FROM apply_run WHERE status = 'running' ORDER BY started_at`)) as {
      change_set_id: string;
    }[];
    return rows.map((row) => row.change_set_id);
  }

  async pending(changeSetId: string, limit: number): Promise<RecordOperation[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, type, entity_id, schema_id, changes FROM operation
       WHERE change_set_id = $1 AND apply_state = 'pending' ORDER BY position LIMIT $2`,
      [changeSetId, limit],
    )) as { id: string; type: RecordOperation['type']; entity_id: string | null; schema_id: string; changes: ProposedChangeDto[] }[];
    return rows.map((row) => ({
      operationId: row.id,
      type: row.type,
      ...(row.entity_id && { entityId: row.entity_id }),
      schemaId: row.schema_id,
      // Only what records applies: the approved changes, without the review's ratings, names and reasoning.
      changes: changesToApply(row.changes).map(({ attributeAlias, scope, oldValue, newValue }) => ({ attributeAlias, scope, oldValue, newValue })),
    }));
  }

  async recordOutcomes(changeSetId: string, results: readonly RecordOperationResult[]): Promise<void> {
    if (results.length === 0) return;
    const { markApplied, markFailed } = OPERATION_TRANSITIONS;
    const rows = results.map((result) =>
      result.status === 'applied'
        ? result.eventIds.length
          ? // Applied once the audit trail confirms its events; the status stays until then.
            { id: result.operationId, apply_state: 'requested', status: null, event_ids: result.eventIds, error: null }
          : { id: result.operationId, apply_state: 'confirmed', status: markApplied.to, event_ids: [], error: null }
        : { id: result.operationId, apply_state: 'failed', status: markFailed.to, event_ids: [], error: { code: result.code, message: result.message } },
    );
    // The run's counters move in the same statement as the operations, so they always agree.
    await this.dataSource.query(
      `WITH moved AS (
         UPDATE operation o SET apply_state = x.apply_state, status = coalesce(x.status, o.status), event_ids = x.event_ids, error = x.error
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, apply_state text, status text, event_ids text[], error jsonb)
         WHERE o.id = x.id AND o.change_set_id = $1 AND o.apply_state = 'pending' RETURNING o.apply_state)
       UPDATE apply_run SET applied = applied + (SELECT count(*) FROM moved WHERE apply_state = 'confirmed'),
                            failed = failed + (SELECT count(*) FROM moved WHERE apply_state = 'failed')
       WHERE change_set_id = $1`,
      [changeSetId, JSON.stringify(rows)],
    );
  }

  async awaitingConfirmation(changeSetId: string): Promise<{ operationId: string; eventIds: string[] }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, event_ids FROM operation WHERE change_set_id = $1 AND apply_state = 'requested' ORDER BY position`,
      [changeSetId],
    )) as { id: string; event_ids: string[] }[];
    return rows.map((row) => ({ operationId: row.id, eventIds: row.event_ids }));
  }

  async confirm(changeSetId: string, operationIds: readonly string[]): Promise<number> {
    if (operationIds.length === 0) return 0;
    // An UPDATE … RETURNING answers [rows, affected] through TypeORM.
    const [[row]] = (await this.dataSource.query(
      `WITH moved AS (
         UPDATE operation SET apply_state = 'confirmed', status = $3 WHERE change_set_id = $1 AND id = ANY($2) AND apply_state = 'requested' RETURNING id),
       counted AS (SELECT count(*)::int AS moved FROM moved)
       UPDATE apply_run SET applied = applied + counted.moved FROM counted WHERE change_set_id = $1 RETURNING counted.moved`,
      [changeSetId, operationIds, OPERATION_TRANSITIONS.markApplied.to],
    )) as [{ moved: number }[], number];
    return row?.moved ?? 0;
  }

  async progress(changeSetIds: readonly string[], manager?: EntityManager): Promise<Map<string, ApplyProgress>> {
    if (changeSetIds.length === 0) return new Map();
    const rows = (await (manager ?? this.dataSource).query('SELECT change_set_id, applied, failed, total FROM apply_run WHERE change_set_id = ANY($1)', [
      changeSetIds,
    ])) as { change_set_id: string; applied: number; failed: number; total: number }[];
    return new Map(rows.filter((row) => row.total > 0).map((row) => [row.change_set_id, applyProgressOf(row)]));
  }

  finish(changeSetId: string): Promise<ApplyResult> {
    return this.dataSource.transaction(async (manager) => {
      const set = await lockSet(manager, changeSetId);
      if (set.apply_result) return set.apply_result;
      const [counts] = (await manager.query(
        `SELECT count(*) FILTER (WHERE apply_state = 'confirmed')::int AS applied, count(*) FILTER (WHERE apply_state = 'skipped')::int AS skipped
         FROM operation WHERE change_set_id = $1`,
        [changeSetId],
      )) as { applied: number; skipped: number }[];
      const failed = (await manager.query(`SELECT id, error FROM operation WHERE change_set_id = $1 AND apply_state = 'failed' ORDER BY position`, [
        changeSetId,
      ])) as { id: string; error: { code: string; message: string } | null }[];
      const result: ApplyResult = {
        applied: counts.applied,
        skipped: counts.skipped,
        errors: failed.map((row) => ({ operationId: row.id, code: row.error?.code ?? 'failed', message: row.error?.message ?? '' })),
      };
      await manager.query(
        `UPDATE change_set SET status = $2, apply_result = $3::jsonb, applied_at = now(), updated_at = now() WHERE id = $1`,
        [changeSetId, nextChangeSetStatus('finishApply', set.status, { failed: result.errors.length }), JSON.stringify(result)],
      );
      await manager.query(`UPDATE apply_run SET status = 'completed', finished_at = now() WHERE change_set_id = $1`, [changeSetId]);
      return result;
    });
  }

  async result(changeSetId: string): Promise<ApplyResult | undefined> {
    const [row] = (await this.dataSource.query('SELECT apply_result FROM change_set WHERE id = $1', [changeSetId])) as Pick<SetRow, 'apply_result'>[];
    if (!row) throw DomainError.notFound('Change set', changeSetId);
    return row.apply_result ?? undefined;
  }

  async exclusive<T>(changeSetId: string, work: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = (await lock.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`apply:${changeSetId}`])) as { locked: boolean }[];
      if (!locked) return { acquired: false };
      try {
        return { acquired: true, value: await work() };
      } finally {
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`apply:${changeSetId}`]).catch(() => undefined);
      }
    } finally {
      await lock.release();
    }
  }
}

/** The set's row lock: serialises starting and finishing a run with every other state change of the set. */
async function lockSet(manager: EntityManager, changeSetId: string): Promise<SetRow> {
  const [set] = (await manager.query('SELECT status, apply_result FROM change_set WHERE id = $1 FOR UPDATE', [changeSetId])) as SetRow[];
  if (!set) throw DomainError.notFound('Change set', changeSetId);
  return set;
}

