import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ChangeSetDto, type ChangeSetStatus, DomainError, generateId, IdPrefixes, type OperationInput, type OperationStatus, type OperationStatusCounts, type RecordSummary, REVIEW_ANSWER_MAX_OPERATIONS } from '@sigma/contracts';
import { APPLY_LOG, type ApplyLog } from '../apply/apply-log';
import { stampsOnEntering } from '../domain/change-set-status';
import { INITIAL_OPERATION_STATUS } from '../domain/operation-status';
import { answersInFull, statusCounts, summaryAnswer } from '../domain/review-answer';
import { AnnotationEntity, ChangeSetEntity, OperationEntity } from '../database/entities';
import { toChangeSetDto } from './change-set.mapper';

export interface LoadedChangeSet {
  set: ChangeSetEntity;
  operations: OperationEntity[];
}

/** Persistence of change sets and their operations (the change-sets schema only). */
@Injectable()
export class ChangeSetStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APPLY_LOG) private readonly applyLog: ApplyLog,
  ) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The set and its operations; `lock` takes the set's row lock, serialising state changes of one set. */
  async load(manager: EntityManager, id: string, lock = false): Promise<LoadedChangeSet> {
    const query = manager.createQueryBuilder(ChangeSetEntity, 'cs').where('cs.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    const set = await query.getOne();
    if (!set) throw DomainError.notFound('Change set', id);
    const operations = await manager.find(OperationEntity, { where: { changeSetId: id }, order: { position: 'ASC' } });
    return { set, operations };
  }

  async dto(manager: EntityManager, id: string): Promise<ChangeSetDto> {
    const { set, operations } = await this.load(manager, id);
    const annotations = await manager.find(AnnotationEntity, { where: { changeSetId: id }, order: { createdAt: 'ASC' } });
    const progress = await this.applyLog.progress([id], manager);
    return toChangeSetDto(set, operations, annotations, progress.get(id));
  }

  /**
   * What a review call answers: the whole set while it has at most `threshold` operations (the
   * seed's shape), else the set without its operations and their counts by status (read them in pages).
   */
  async reviewAnswer(manager: EntityManager, id: string, threshold = REVIEW_ANSWER_MAX_OPERATIONS): Promise<ChangeSetDto> {
    const counts = await this.statusCounts(manager, id);
    if (answersInFull(Object.values(counts).reduce((sum, count) => sum + count, 0), threshold)) return this.dto(manager, id);
    const set = await this.lockSet(manager, id, false);
    const progress = await this.applyLog.progress([id], manager);
    return summaryAnswer(toChangeSetDto(set, [], [], progress.get(id)), counts);
  }

  /** The set's operations by status. */
  async statusCounts(manager: EntityManager, id: string): Promise<OperationStatusCounts> {
    const rows = (await manager.query('SELECT status, count(*)::int AS count FROM operation WHERE change_set_id = $1 GROUP BY status', [id])) as {
      status: OperationStatus;
      count: number;
    }[];
    return statusCounts(rows);
  }

  /** The set alone, without loading its operations (a large set's writes); `lock` as in load. */
  async lockSet(manager: EntityManager, id: string, lock = true): Promise<ChangeSetEntity> {
    const query = manager.createQueryBuilder(ChangeSetEntity, 'cs').where('cs.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    const set = await query.getOne();
    if (!set) throw DomainError.notFound('Change set', id);
    return set;
  }

  /** Writes the set's next status (from the transition table) and the time it entered it. */
  async setStatus(manager: EntityManager, set: ChangeSetEntity, status: ChangeSetStatus, fields: Partial<ChangeSetEntity> = {}, now = new Date()): Promise<void> {
    const stamps = Object.fromEntries(stampsOnEntering(set.status, status).map((stamp) => [stamp, now]));
    await manager.update(ChangeSetEntity, { id: set.id }, { ...fields, status, updatedAt: now, ...stamps } as never);
  }

  /** Apply progress of the sets that have a run. */
  applyProgress(ids: readonly string[]): ReturnType<ApplyLog['progress']> {
    return this.applyLog.progress(ids);
  }

  /** The set and one of its operations (none when it is not the set's): what deciding one operation needs, without loading every other one. */
  async loadWithOperation(manager: EntityManager, id: string, operationId: string, lock = false): Promise<LoadedChangeSet> {
    const set = await this.lockSet(manager, id, lock);
    const operation = await manager.findOne(OperationEntity, { where: { id: operationId, changeSetId: id } });
    return { set, operations: operation ? [operation] : [] };
  }

  /** An operation's index in set order (how refusals name it), counted without loading the others. */
  async operationIndex(manager: EntityManager, operation: OperationEntity): Promise<number> {
    const [{ index }] = (await manager.query('SELECT count(*)::int AS index FROM operation WHERE change_set_id = $1 AND position < $2', [
      operation.changeSetId,
      operation.position,
    ])) as { index: number }[];
    return index;
  }

  /** The statuses of the set's operations as this transaction sees them (after its own decisions). */
  async operationStatuses(manager: EntityManager, id: string): Promise<OperationStatus[]> {
    const rows = (await manager.query('SELECT status FROM operation WHERE change_set_id = $1', [id])) as { status: OperationStatus }[];
    return rows.map((row) => row.status);
  }

  requireOperation(loaded: LoadedChangeSet, operationId: string): OperationEntity {
    const operation = loaded.operations.find((candidate) => candidate.id === operationId);
    if (!operation) throw DomainError.notFound('Operation', operationId);
    return operation;
  }

  /** Where operations appended to the set start, read without loading them: after the last one. */
  async nextPositionOf(manager: EntityManager, changeSetId: string): Promise<{ next: number; count: number }> {
    const [row] = (await manager.query('SELECT coalesce(max(position) + 1, 0)::int AS next, count(*)::int AS count FROM operation WHERE change_set_id = $1', [
      changeSetId,
    ])) as { next: number; count: number }[];
    return row;
  }

  /** Appends operations after the existing ones, with entity names/SKUs where the records are known; their ids in input order. */
  async insertOperations(
    manager: EntityManager,
    changeSetId: string,
    inputs: OperationInput[],
    firstPosition: number,
    summaries: ReadonlyMap<string, RecordSummary>,
  ): Promise<string[]> {
    if (inputs.length === 0) return [];
    const rows = inputs.map((input, index) => {
      const summary = input.entityId ? summaries.get(input.entityId) : undefined;
      return {
        id: generateId(IdPrefixes.operation, 10),
        change_set_id: changeSetId,
        position: firstPosition + index,
        type: input.type,
        entity_id: input.entityId ?? null,
        schema_id: input.schemaId,
        entity_name: summary?.name ?? null,
        entity_sku: summary?.sku ?? null,
        status: INITIAL_OPERATION_STATUS,
        changes: input.changes.map((change) => ({ ...change, scope: change.scope ?? {} })),
      };
    });
    await manager.query(
      `INSERT INTO operation (id, change_set_id, position, type, entity_id, schema_id, entity_name, entity_sku, status, changes)
       SELECT id, change_set_id, position, type, entity_id, schema_id, entity_name, entity_sku, status, changes
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, change_set_id text, position integer, type text, entity_id text,
            schema_id text, entity_name text, entity_sku text, status text, changes jsonb)`,
      [JSON.stringify(rows)],
    );
    await this.refreshSchemaIds(manager, changeSetId);
    return rows.map((row) => row.id);
  }

  /** The set's schemas (a list filter) follow its operations. */
  async refreshSchemaIds(manager: EntityManager, changeSetId: string): Promise<void> {
    await manager.query(
      `UPDATE change_set SET schema_ids = ARRAY(SELECT DISTINCT schema_id FROM operation WHERE change_set_id = $1 ORDER BY 1),
              updated_at = now() WHERE id = $1`,
      [changeSetId],
    );
  }
}
