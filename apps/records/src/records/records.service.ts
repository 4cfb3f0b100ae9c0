import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type CreateRecordRequest,
  DomainError,
  ErrorCodes,
  type MoveLifecycleStateRequest,
  type PatchAttributeRequest,
  type RecordDto,
  type RecordListQuery,
  type RecordPage,
  type RpcContext,
  type UpdateRecordRequest,
} from '@sigma/contracts';
import { idempotencyFor, type IdempotentOutcome, idempotentWrite } from '@sigma/db';
import type { JsonText } from '@sigma/messaging';
import { CategoryEntity } from '../database/entities';
import { validateAttributeValues, validateValuesMap } from '../values/scoped-values';
import { readRecordById, readRecordPage, readRecordTotal } from './record-list-queries';
import { toRecordDto, toRecordPageJson } from './record.mapper';
import { isSearch, RecordSearch } from './search/record-search';
import type { RecordMutation } from './writer/record-mutations';
import { RecordWriter } from './writer/record-writer';

/** Record reads, and the record API's writes: each one mutation of the RecordWriter in its own transaction. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
    private readonly searcher: RecordSearch,
  ) {}

  /**
   * One page and `total`. Schema, state and category filters with offset paging read the index-only
   * page and the trigger-maintained counts (see record-list-queries); anything more is a search.
   * As JSON text: a page is up to 500 records of values, passed on without being parsed (toRecordJson).
   */
  async list(query: RecordListQuery): Promise<JsonText<RecordPage>> {
    const manager = this.dataSource.manager;
    if (query.categoryId && !(await manager.existsBy(CategoryEntity, { id: query.categoryId }))) throw DomainError.notFound('Category', query.categoryId);
    if (isSearch(query)) return this.searcher.search(query);
    const [rows, total] = await Promise.all([readRecordPage(manager, query), readRecordTotal(manager, query)]);
    return toRecordPageJson(rows, { total, offset: query.offset, limit: query.limit });
  }

  async get(id: string): Promise<RecordDto> {
    const record = await readRecordById(this.dataSource.manager, id);
    if (!record) throw DomainError.notFound('Record', id);
    return toRecordDto(record);
  }

  /** Creates a record; with an Idempotency-Key, the key is claimed and answered in the same transaction. */
  async create(request: CreateRecordRequest, context: RpcContext): Promise<IdempotentOutcome<RecordDto>> {
    return this.dataSource.transaction((manager) =>
      idempotentWrite(manager, idempotencyFor(context, 'records.record.create'), async () => {
        const mutation = { kind: 'create', schemaId: request.schemaId, values: request.values, parentId: request.parentId } as const;
        return toRecordDto((await this.writer.write(manager, mutation, context)).record);
      }),
    );
  }

  /** Replaces the scoped values of each attribute named in `values`; the others stay. */
  async update(request: UpdateRecordRequest, context: RpcContext): Promise<RecordDto> {
    return this.writeOne(
      { kind: 'set-values', id: request.id, expectedVersion: request.expectedVersion, build: (schema) => validateValuesMap(schema, request.values) },
      context,
    );
  }

  async patchAttribute(request: PatchAttributeRequest, context: RpcContext): Promise<RecordDto> {
    const build: Extract<RecordMutation, { kind: 'set-values' }>['build'] = (schema) => {
      if (!schema.attributes.has(request.attributeAlias)) {
        throw new DomainError(ErrorCodes.notFound, `Attribute '${request.attributeAlias}' is not in the record's schema`, {
          attributeAlias: request.attributeAlias,
        });
      }
      const result = validateAttributeValues(schema, request.attributeAlias, request.scopedValues, 'scopedValues');
      return { issues: result.issues, values: { [request.attributeAlias]: result.values } };
    };
    return this.writeOne({ kind: 'set-values', id: request.id, expectedVersion: request.expectedVersion, build }, context);
  }

  /** Moves the lifecycle state for the workflow service (the compare-and-set on the state and on the scored version). */
  async moveLifecycleState(request: MoveLifecycleStateRequest, context: RpcContext): Promise<RecordDto> {
    const { id, fromStateId, toStateId, transitionId, expectedVersion, decidedOnVersion } = request;
    return this.writeOne({ kind: 'move-state', id, fromStateId, toStateId, transitionId, expectedVersion, decidedOnVersion }, context);
  }

  /** Deletes the record and its variants (all levels) in one transaction, one event each. */
  async delete(id: string, context: RpcContext, expectedVersion?: number): Promise<{ deleted: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const committed = await this.writer.write(manager, { kind: 'delete', id, expectedVersion }, context);
      return { deleted: committed.deleted ?? [] };
    });
  }

  private writeOne(mutation: RecordMutation, context: RpcContext): Promise<RecordDto> {
    return this.dataSource.transaction(async (manager) => toRecordDto((await this.writer.write(manager, mutation, context)).record));
  }
}
