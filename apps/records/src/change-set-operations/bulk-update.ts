import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DomainError,
  type EventEnvelope,
  type RecordOperation,
  type RecordOperationResult,
  RecordEvents,
  type RpcContext,
  type SchemaDto,
} from '@sigma/contracts';
import { appendToOutbox } from '@sigma/db';
import { RecordEntity } from '../database/entities';
import { actorId, recordEvent } from '../records/record-events';
import { compact } from '../values/compact-values';
import { diffValues } from '../values/diff-values';
import { validateAttributeValues } from '../values/scoped-values';
import { WorkspaceReader } from '../workspace/workspace-reader';
import { applyChanges } from './apply-changes';

/**
 * The fast path of change-set apply: a run of update operations that touch no unique attribute is
 * checked in memory against the locked records and written with one UPDATE and one outbox insert.
 * Nothing is written for an operation that fails, so it needs no savepoint; operations on the same
 * record build on each other in set order.
 */
@Injectable()
export class BulkUpdateApplier {
  constructor(private readonly workspace: WorkspaceReader) {}

  /** Whether an update can take the fast path: unique attributes need the unique-value index (slow path). */
  async eligible(manager: EntityManager, operation: RecordOperation): Promise<boolean> {
    if (operation.type !== 'update' || !operation.entityId) return false;
    const schema = await this.workspace.findSchema(operation.schemaId, manager);
    if (!schema) return false;
    return operation.changes.every((change) => !schema.attributes.find((a) => a.alias === change.attributeAlias)?.rules.unique);
  }

  async apply(
    manager: EntityManager,
    operations: RecordOperation[],
    contextOf: (operation: RecordOperation) => RpcContext,
  ): Promise<RecordOperationResult[]> {
    if (operations.length === 0) return [];
    const ids = [...new Set(operations.map((operation) => operation.entityId as string))];
    const locked = await manager
      .createQueryBuilder(RecordEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.id IN (:...ids)', { ids })
      .orderBy('r.id')
      .getMany();
    const records = new Map(locked.map((record) => [record.id, record]));
    const dirty = new Set<RecordEntity>();
    const events: EventEnvelope<string, unknown>[] = [];
    const results: RecordOperationResult[] = [];
    const now = new Date();
    for (const operation of operations) {
      try {
        const record = records.get(operation.entityId as string);
        if (!record) throw DomainError.notFound('Record', operation.entityId as string);
        const schema = await this.schemaOf(manager, record);
        const event = await this.applyOne(manager, schema, record, operation, contextOf(operation), now);
        if (event) {
          dirty.add(record);
          events.push(event);
        }
        results.push({ operationId: operation.operationId, status: 'applied', entityId: record.id, eventIds: event ? [event.id] : [] });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ operationId: operation.operationId, status: 'failed', code: error.code, message: error.message });
      }
    }
    await this.write(manager, [...dirty]);
    await appendToOutbox(manager, events);
    return results;
  }

  private async applyOne(
    manager: EntityManager,
    schema: SchemaDto,
    record: RecordEntity,
    operation: RecordOperation,
    context: RpcContext,
    now: Date,
  ): Promise<EventEnvelope<string, unknown> | undefined> {
    if (record.schemaId !== operation.schemaId) {
      throw DomainError.validation([{ field: 'schemaId', rule: 'same-schema', message: `record '${record.id}' belongs to schema '${record.schemaId}'` }]);
    }
    const next = applyChanges(record.values, operation.changes);
    const valueContext = await this.workspace.valueContext(schema, manager);
    const issues = Object.entries(next).flatMap(([alias, scoped]) => validateAttributeValues(valueContext, alias, scoped, `changes.${alias}`).issues);
    if (issues.length) throw DomainError.validation(issues);
    const touched = Object.keys(next);
    const merged = compact({ ...record.values, ...next });
    const changes = diffValues(record.values, merged, touched);
    if (changes.length === 0) return undefined;
    record.values = merged;
    record.version += 1;
    record.updatedAt = now;
    record.updatedBy = actorId(context);
    return recordEvent(RecordEvents.updated, record, { schemaId: record.schemaId, changes }, context, now);
  }

  private async schemaOf(manager: EntityManager, record: RecordEntity): Promise<SchemaDto> {
    const schema = await this.workspace.findSchema(record.schemaId, manager);
    if (!schema) throw DomainError.validation([{ field: 'schemaId', rule: 'exists', message: `schema '${record.schemaId}' does not exist` }]);
    return schema;
  }

  private async write(manager: EntityManager, records: RecordEntity[]): Promise<void> {
    if (records.length === 0) return;
    await manager.query(
      `UPDATE record r SET "values" = x.values, version = x.version, updated_at = x.updated_at, updated_by = x.updated_by
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, values jsonb, version integer, updated_at timestamptz, updated_by text)
       WHERE r.id = x.id`,
      [JSON.stringify(records.map((r) => ({ id: r.id, values: r.values, version: r.version, updated_at: r.updatedAt, updated_by: r.updatedBy })))],
    );
  }
}
