import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ApplyOperationsRequest, DomainError, type RecordOperation, type RecordOperationResult, type RpcContext } from '@sigma/contracts';
import type { RecordMutation } from '../records/writer/record-mutations';
import { RecordWriter } from '../records/writer/record-writer';
import { operationMutation } from './operation-mutation';

/**
 * Applies change-set operations for the change-set service: one transaction per batch, each
 * operation all its changes or none (RecordWriter.writeEach). The result of each operation, with the
 * ids of the events it wrote, is stored with it, so a repeated request (a retry, a resumed apply)
 * returns the first result and writes nothing again.
 */
@Injectable()
export class OperationApplierService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
  ) {}

  async apply(request: ApplyOperationsRequest, context: RpcContext): Promise<RecordOperationResult[]> {
    return this.dataSource.transaction(async (manager) => {
      const stored = await storedResults(manager, request.operations.map((operation) => operation.operationId));
      const fresh: RecordOperationResult[] = [];
      const items: { operation: RecordOperation; mutation: RecordMutation; context: RpcContext }[] = [];
      for (const operation of request.operations) {
        if (stored.has(operation.operationId)) continue;
        try {
          const operationContext = { ...context, changeSetId: request.changeSetId, operationId: operation.operationId };
          items.push({ operation, mutation: operationMutation(operation), context: operationContext });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          fresh.push(failed(operation, error));
        }
      }
      const outcomes = await this.writer.writeEach(manager, items);
      outcomes.forEach((outcome, index) => {
        const { operation } = items[index];
        fresh.push(
          outcome.ok
            ? { operationId: operation.operationId, status: 'applied', entityId: outcome.committed.record.id, eventIds: outcome.committed.events.map((e) => e.id) }
            : failed(operation, outcome.error),
        );
      });
      await storeResults(manager, request.changeSetId, fresh);
      for (const result of fresh) stored.set(result.operationId, result);
      return request.operations.map((operation) => stored.get(operation.operationId) as RecordOperationResult);
    });
  }
}

function failed(operation: RecordOperation, error: DomainError): RecordOperationResult {
  return { operationId: operation.operationId, status: 'failed', code: error.code, message: error.message };
}

async function storedResults(manager: EntityManager, operationIds: string[]): Promise<Map<string, RecordOperationResult>> {
  const rows = (await manager.query('SELECT operation_id, result FROM applied_operation WHERE operation_id = ANY($1)', [operationIds])) as {
    operation_id: string;
    result: RecordOperationResult;
  }[];
  return new Map(rows.map((row) => [row.operation_id, row.result]));
}

async function storeResults(manager: EntityManager, changeSetId: string, results: RecordOperationResult[]): Promise<void> {
  if (results.length === 0) return;
  await manager.query(
    `INSERT INTO applied_operation (operation_id, change_set_id, result)
     SELECT x.operation_id, $1, x.result FROM jsonb_to_recordset($2::jsonb) AS x(operation_id text, result jsonb)`,
    [changeSetId, JSON.stringify(results.map((result) => ({ operation_id: result.operationId, result })))],
  );
}
