import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ChangeSetDto, DomainError, generateId, IdPrefixes, type OperationInput, type RecordSummary } from '@sigma/contracts';
import { APPLY_LOG, type ApplyLog } from '../apply/apply-log';
import { INITIAL_OPERATION_STATUS } from '../domain/operation-status';
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
    const progress = await this.applyLog.progress([id]);
    return toChangeSetDto(set, operations, annotations, progress.get(id));
  }

  /** Apply progress of the sets that have a run. */
  applyProgress(ids: readonly string[]): ReturnType<ApplyLog['progress']> {
    return this.applyLog.progress(ids);
  }

  requireOperation(loaded: LoadedChangeSet, operationId: string): OperationEntity {
    const operation = loaded.operations.find((candidate) => candidate.id === operationId);
    if (!operation) throw DomainError.notFound('Operation', operationId);
    return operation;
  }

  /** Where operations appended to `loaded` start: after the last one (removing operations leaves gaps). */
  nextPosition(loaded: LoadedChangeSet): number {
    const last = loaded.operations[loaded.operations.length - 1];
    return last ? last.position + 1 : 0;
  }

  /** Appends operations after the existing ones, with entity names/SKUs where the records are known. */
  async insertOperations(
    manager: EntityManager,
    changeSetId: string,
    inputs: OperationInput[],
    firstPosition: number,
    summaries: ReadonlyMap<string, RecordSummary>,
  ): Promise<void> {
    if (inputs.length === 0) return;
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
