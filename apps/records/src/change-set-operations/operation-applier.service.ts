import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type ApplyOperationsRequest,
  DomainError,
  ErrorCodes,
  type RecordOperation,
  type RecordOperationResult,
  type RpcContext,
} from '@sigma/contracts';
import { asRejectedInput } from '@sigma/messaging';
import { RecordsService } from '../records/records.service';
import { validateAttributeValues } from '../values/scoped-values';
import { WorkspaceReader } from '../workspace/workspace-reader';
import { applyChanges, valuesOfCreate } from './apply-changes';
import { BulkUpdateApplier } from './bulk-update';

/**
 * Applies change-set operations for the change-set service. One transaction per batch, one
 * savepoint per operation: an operation applies all its changes or none. The result of each
 * operation is stored with it, so a repeated request (a retry, a resumed apply) returns the first
 * result and writes nothing again.
 */
@Injectable()
export class OperationApplierService {

  constructor(
    private readonly dataSource: DataSource,
    private readonly records: RecordsService,
    private readonly workspace: WorkspaceReader,
    private readonly bulk: BulkUpdateApplier,
  ) {}

  async apply(request: ApplyOperationsRequest, context: RpcContext): Promise<RecordOperationResult[]> {
    return this.dataSource.transaction(async (manager) => {
      this.workspace.memoize(manager);
      const ids = request.operations.map((operation) => operation.operationId);
      const stored = new Map<string, RecordOperationResult>(
        ((await manager.query('SELECT operation_id, result FROM applied_operation WHERE operation_id = ANY($1)', [ids])) as {
          operation_id: string;
          result: RecordOperationResult;
        }[]).map((row) => [row.operation_id, row.result]),
      );
      const [{ before }] = (await manager.query('SELECT coalesce(max(position), 0)::text AS before FROM outbox')) as { before: string }[];
      const fresh: RecordOperationResult[] = [];
      const contextOf = (operation: RecordOperation): RpcContext => ({
        ...context,
        changeSetId: request.changeSetId,
        operationId: operation.operationId,
      });
      // Consecutive plain updates go through the bulk path; anything else one by one, in set order.
      let run: RecordOperation[] = [];
      const flush = async () => {
        fresh.push(...(await this.bulk.apply(manager, run, contextOf)));
        run = [];
      };
      for (const operation of request.operations) {
        if (stored.has(operation.operationId)) continue;
        if (await this.bulk.eligible(manager, operation)) {
          run.push(operation);
          continue;
        }
        await flush();
        fresh.push(await this.applyOne(manager, operation, contextOf(operation)));
      }
      await flush();
      await this.attachEventIds(manager, request.changeSetId, before, fresh);
      if (fresh.length > 0) {
        await manager.query(
          `INSERT INTO applied_operation (operation_id, change_set_id, result)
           SELECT x.operation_id, $1, x.result FROM jsonb_to_recordset($2::jsonb) AS x(operation_id text, result jsonb)`,
          [request.changeSetId, JSON.stringify(fresh.map((result) => ({ operation_id: result.operationId, result })))],
        );
      }
      for (const result of fresh) stored.set(result.operationId, result);
      return request.operations.map((operation) => stored.get(operation.operationId) as RecordOperationResult);
    });
  }

  private async applyOne(manager: EntityManager, operation: RecordOperation, context: RpcContext): Promise<RecordOperationResult> {
    await manager.query('SAVEPOINT operation');
    try {
      const entityId = await this.write(manager, operation, context);
      await manager.query('RELEASE SAVEPOINT operation');
      return { operationId: operation.operationId, status: 'applied', entityId, eventIds: [] };
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT operation');
      // Infrastructure failures abort the batch (and are retried); domain failures, and values the
      // database refuses to store, belong to the operation: retrying would fail the same way.
      const failure = error instanceof DomainError ? error : asRejectedInput(error);
      if (!failure || failure.code === ErrorCodes.internal) throw error;
      return { operationId: operation.operationId, status: 'failed', code: failure.code, message: failure.message };
    }
  }

  private async write(manager: EntityManager, operation: RecordOperation, context: RpcContext): Promise<string> {
    switch (operation.type) {
      case 'create': {
        const record = await this.records.createWithin(manager, { schemaId: operation.schemaId, values: valuesOfCreate(operation.changes) }, context);
        return record.id;
      }
      case 'update': {
        const entityId = requireEntity(operation);
        await this.records.writeValuesWithin(manager, entityId, context, async (schemaContext, record) => {
          const next = applyChanges(record.values, operation.changes);
          const issues = Object.entries(next).flatMap(
            ([alias, scoped]) => validateAttributeValues(schemaContext, alias, scoped, `changes.${alias}`).issues,
          );
          return { issues, values: next };
        });
        return entityId;
      }
      case 'delete': {
        const entityId = requireEntity(operation);
        await this.records.deleteWithin(manager, entityId, context);
        return entityId;
      }
      default:
        throw DomainError.validation([{ field: 'type', rule: 'isIn', message: `unknown operation type '${String(operation.type)}'` }]);
    }
  }

  /** The outbox events each applied operation wrote: what the change-set service awaits audit confirmation for. */
  private async attachEventIds(manager: EntityManager, changeSetId: string, before: string, results: RecordOperationResult[]): Promise<void> {
    // Only the one-by-one path leaves event ids to find; the bulk path knows its own.
    if (!results.some((result) => result.status === 'applied' && result.eventIds.length === 0)) return;
    const rows = (await manager.query(
      `SELECT id, envelope->>'operationId' AS operation_id FROM outbox WHERE position > $1 AND envelope->>'changeSetId' = $2`,
      [before, changeSetId],
    )) as { id: string; operation_id: string }[];
    const events = new Map<string, string[]>();
    for (const row of rows) events.set(row.operation_id, [...(events.get(row.operation_id) ?? []), row.id]);
    for (const result of results) {
      if (result.status === 'applied' && result.eventIds.length === 0) result.eventIds = events.get(result.operationId) ?? [];
    }
  }
}

function requireEntity(operation: RecordOperation): string {
  if (!operation.entityId) {
    throw DomainError.validation([{ field: 'entityId', rule: 'required', message: `a ${operation.type} operation needs an entityId` }]);
  }
  return operation.entityId;
}
