import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  type CreateRecordRequest,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  type PatchAttributeRequest,
  type RecordDto,
  RecordEvents,
  type RecordListQuery,
  type RecordPage,
  type RpcContext,
  type UpdateRecordRequest,
  type ValidationIssue,
  type ValuesMap,
} from '@sigma/contracts';
import { appendToOutbox } from '@sigma/db';
import { CategoryEntity, RecordEntity } from '../database/entities';
import { compact } from '../values/compact-values';
import { diffValues } from '../values/diff-values';
import { validateAttributeValues, validateValuesMap, type ValueContext } from '../values/scoped-values';
import { WorkspaceReader } from '../workspace/workspace-reader';
import { RECORDS_SETTINGS, type RecordsSettings } from '../records.settings';
import { readRecordById, readRecordPage, readRecordTotal } from './record-list-queries';
import { toRecordDto } from './record.mapper';
import { actorId, recordEvent } from './record-events';
import { replaceUniqueValues } from './unique-values';
import { requireVersion } from './require-version';

export type ValuesValidator = (
  schemaContext: ValueContext,
  record: RecordEntity,
) => Promise<{ issues: ValidationIssue[]; values: ValuesMap }>;

/** Record reads and writes. Every write commits its outbox events in the same transaction. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspace: WorkspaceReader,
    @Inject(RECORDS_SETTINGS) private readonly settings: RecordsSettings,
  ) {}

  /** One page and `total`; the total comes from the trigger-maintained counts (see record-list-queries). */
  async list(query: RecordListQuery): Promise<RecordPage> {
    const manager = this.dataSource.manager;
    if (query.categoryId && !(await manager.existsBy(CategoryEntity, { id: query.categoryId }))) throw DomainError.notFound('Category', query.categoryId);
    const [items, total] = await Promise.all([readRecordPage(manager, query), readRecordTotal(manager, query)]);
    return { items: items.map(toRecordDto), total, offset: query.offset, limit: query.limit };
  }

  async get(id: string): Promise<RecordDto> {
    const record = await readRecordById(this.dataSource.manager, id);
    if (!record) throw DomainError.notFound('Record', id);
    return toRecordDto(record);
  }

  async create(request: CreateRecordRequest, context: RpcContext): Promise<RecordDto> {
    return this.dataSource.transaction((manager) => this.createWithin(manager, request, context));
  }

  /**
   * Creates a record inside the caller's transaction. `id` is only for seeding fixed ids
   * (the demo workspace); clients always get a generated one.
   */
  async createWithin(manager: EntityManager, request: CreateRecordRequest, context: RpcContext, id?: string): Promise<RecordDto> {
    const found = await this.workspace.writeContext(request.schemaId, manager);
    if (!found) {
      throw DomainError.validation([{ field: 'schemaId', rule: 'exists', message: `schema '${request.schemaId}' does not exist` }]);
    }
    const { schema } = found;
    const { issues, values } = validateValuesMap(found.context, request.values);
    if (issues.length) throw DomainError.validation(issues);
    const compacted = compact(values);
    await this.enforceSkuLimit(manager);
    if (request.parentId) await this.requireParent(manager, request.parentId, schema.id);
    const now = new Date();
    const record = manager.create(RecordEntity, {
      id: id ?? generateId(IdPrefixes.record, 8),
      schemaId: schema.id,
      lifecycleStateId: schema.initialLifecycleStateId,
      parentId: request.parentId ?? null,
      version: 1,
      values: compacted,
      createdAt: now,
      updatedAt: now,
      createdBy: actorId(context),
      updatedBy: actorId(context),
    });
    await manager.insert(RecordEntity, record as QueryDeepPartialEntity<RecordEntity>);
    const attributes = new Map(schema.attributes.map((attribute) => [attribute.alias, attribute]));
    await replaceUniqueValues(manager, record.id, attributes, compacted, Object.keys(compacted));
    const dto = toRecordDto(record);
    const changes = diffValues({}, compacted, Object.keys(compacted));
    await appendToOutbox(manager, [recordEvent(RecordEvents.created, record, { schemaId: schema.id, changes, record: dto }, context, now)]);
    return dto;
  }

  /** Replaces the scoped values of each attribute named in `values`; the others stay. */
  async update(request: UpdateRecordRequest, context: RpcContext): Promise<RecordDto> {
    return this.writeValues(request.id, context, async (schemaContext) => validateValuesMap(schemaContext, request.values), request.expectedVersion);
  }

  async patchAttribute(request: PatchAttributeRequest, context: RpcContext): Promise<RecordDto> {
    return this.writeValues(request.id, context, async (schemaContext) => {
      if (!schemaContext.attributes.has(request.attributeAlias)) {
        throw new DomainError(ErrorCodes.notFound, `Attribute '${request.attributeAlias}' is not in the record's schema`, {
          attributeAlias: request.attributeAlias,
        });
      }
      const result = validateAttributeValues(schemaContext, request.attributeAlias, request.scopedValues, 'scopedValues');
      return { issues: result.issues, values: { [request.attributeAlias]: result.values } };
    }, request.expectedVersion);
  }

  /** Deletes the record and its variants (all levels) in one transaction, one event each. */
  async delete(id: string, context: RpcContext, expectedVersion?: number): Promise<{ deleted: string[] }> {
    return this.dataSource.transaction((manager) => this.deleteWithin(manager, id, context, expectedVersion));
  }

  async deleteWithin(manager: EntityManager, id: string, context: RpcContext, expectedVersion?: number): Promise<{ deleted: string[] }> {
    // Lock the root first: variant creates hold a share lock on it, so the tree read below is complete.
    const root = await manager.createQueryBuilder(RecordEntity, 'r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
    if (!root) throw DomainError.notFound('Record', id);
    requireVersion(root, expectedVersion);
    const rows: { id: string }[] = await manager.query(
      `WITH RECURSIVE tree AS (
         SELECT id, 0 AS depth FROM record WHERE id = $1
         UNION ALL SELECT r.id, t.depth + 1 FROM record r JOIN tree t ON r.parent_id = t.id
       ) SELECT id FROM tree ORDER BY depth DESC, id`,
      [id],
    );
    if (rows.length === 0) throw DomainError.notFound('Record', id);
    const ids = rows.map((row) => row.id);
    const records = await manager
      .createQueryBuilder(RecordEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.id IN (:...ids)', { ids })
      .getMany();
    const now = new Date();
    const events = records.map((record) =>
      recordEvent(
        RecordEvents.deleted,
        { ...record, version: record.version + 1 },
        { schemaId: record.schemaId, changes: diffValues(record.values, {}, Object.keys(record.values)) },
        context,
        now,
      ),
    );
    // Deepest variants first, so no row is deleted while a child still points at it.
    for (const recordId of ids) await manager.delete(RecordEntity, { id: recordId });
    await appendToOutbox(manager, events);
    return { deleted: ids };
  }

  private writeValues(id: string, context: RpcContext, validate: ValuesValidator, expectedVersion?: number): Promise<RecordDto> {
    return this.dataSource.transaction((manager) => this.writeValuesWithin(manager, id, context, validate, expectedVersion));
  }

  /**
   * Replaces the attributes `validate` returns, inside the caller's transaction. `validate` sees
   * the locked current record, so it can build values from it (change-set operations do).
   */
  async writeValuesWithin(
    manager: EntityManager,
    id: string,
    context: RpcContext,
    validate: ValuesValidator,
    expectedVersion?: number,
  ): Promise<RecordDto> {
    // The row lock serialises writers of one record, so no update is lost between read and write.
    const record = await manager
      .createQueryBuilder(RecordEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
    if (!record) throw DomainError.notFound('Record', id);
    requireVersion(record, expectedVersion);
    const found = await this.workspace.writeContext(record.schemaId, manager);
    if (!found) throw new DomainError(ErrorCodes.internal, `Schema ${record.schemaId} of record ${id} is missing`);
    const { issues, values } = await validate(found.context, record);
    if (issues.length) throw DomainError.validation(issues);
    const touched = Object.keys(values);
    const merged = compact({ ...record.values, ...values });
    const changes = diffValues(record.values, merged, touched);
    if (changes.length === 0) return toRecordDto(record);
    const now = new Date();
    record.values = merged;
    record.version += 1;
    record.updatedAt = now;
    record.updatedBy = actorId(context);
    await manager.update(
      RecordEntity,
      { id },
      { values: merged, version: record.version, updatedAt: now, updatedBy: record.updatedBy } as QueryDeepPartialEntity<RecordEntity>,
    );
    await replaceUniqueValues(manager, id, found.context.attributes, merged, touched);
    await appendToOutbox(manager, [recordEvent(RecordEvents.updated, record, { schemaId: record.schemaId, changes }, context, now)]);
    return toRecordDto(record);
  }

  private async requireParent(manager: EntityManager, parentId: string, schemaId: string): Promise<void> {
    // FOR SHARE: a concurrent delete of the parent waits for this create (and then deletes the new variant too).
    const parent = await manager
      .createQueryBuilder(RecordEntity, 'r')
      .setLock('pessimistic_read')
      .where('r.id = :id', { id: parentId })
      .getOne();
    if (!parent) throw DomainError.validation([{ field: 'parentId', rule: 'exists', message: `record '${parentId}' does not exist` }]);
    if (parent.schemaId !== schemaId)
      throw DomainError.validation([{ field: 'parentId', rule: 'same-schema', message: `parent '${parentId}' belongs to schema '${parent.schemaId}'` }]);
  }

  /**
   * The plan's SKU limit; a transaction-scoped lock makes concurrent creates count one at a time.
   * The count is read after the lock (a fresh snapshot in READ COMMITTED), from the counts the
   * triggers commit together with each insert, so it includes every create that held the lock before.
   */
  private async enforceSkuLimit(manager: EntityManager): Promise<void> {
    const limit = this.settings.skuLimit;
    if (limit === undefined) return;
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('records:sku-limit'))`);
    const count = await readRecordTotal(manager, {});
    if (count >= limit) {
      throw new DomainError(ErrorCodes.skuLimitReached, `The workspace holds its limit of ${limit} records (SKUs)`, { limit, count });
    }
  }
}
