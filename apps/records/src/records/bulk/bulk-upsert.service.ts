import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type BulkLineResult, type BulkUpsertRequest, DomainError, type RpcContext } from '@sigma/contracts';
import { validateValuesMap } from '../../values/scoped-values';
import type { MutationOutcome, RecordMutation } from '../writer/record-mutations';
import { RecordWriter } from '../writer/record-writer';
import { type FoundKeys, type LinePlan, planBulkUpsert } from './bulk-plan';

/** Thrown inside an atomic batch's transaction to roll it back once every line's outcome is known. */
class RollBack extends Error {}

/**
 * Trusted bulk upsert: each line an ordinary record write through the RecordWriter (so each is
 * versioned and audited like a single write). Per line, a failed line writes nothing and the others
 * commit; atomic, every line is tried, and one failure rolls all of them back.
 */
@Injectable()
export class BulkUpsertService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
  ) {}

  async upsert(request: BulkUpsertRequest, context: RpcContext): Promise<BulkLineResult[]> {
    let results: BulkLineResult[] = [];
    try {
      await this.dataSource.transaction(async (manager) => {
        const plans = planBulkUpsert(request.lines, await findKeys(manager, request.lines));
        const writes = plans.filter((plan): plan is Exclude<LinePlan, { kind: 'refused' }> => plan.kind !== 'refused');
        const outcomes = await this.writer.writeEach(
          manager,
          writes.map((plan) => ({ mutation: mutationOf(plan), context })),
        );
        const byLine = new Map(writes.map((plan, index) => [plan.line, resultOf(plan, outcomes[index])]));
        results = plans.map((plan) => (plan.kind === 'refused' ? plan.result : (byLine.get(plan.line) as BulkLineResult)));
        if (request.atomic && results.some((result) => result.status === 'failed')) throw new RollBack();
      });
    } catch (error) {
      if (!(error instanceof RollBack)) throw error;
      return results.map((result) => (result.status === 'failed' ? result : { line: result.line, status: 'rolled-back' }));
    }
    return results;
  }
}

function mutationOf(plan: Exclude<LinePlan, { kind: 'refused' }>): RecordMutation {
  if (plan.kind === 'create') return { kind: 'create', schemaId: plan.schemaId, values: plan.values, id: plan.id };
  return { kind: 'set-values', id: plan.id, expectedVersion: plan.expectedVersion, build: (schema) => validateValuesMap(schema, plan.values) };
}

function resultOf(plan: Exclude<LinePlan, { kind: 'refused' }>, outcome: MutationOutcome): BulkLineResult {
  if (!outcome.ok) return { line: plan.line, status: 'failed', id: plan.kind === 'update' ? plan.id : undefined, error: errorOf(outcome.error) };
  const { record, events } = outcome.committed;
  const status = plan.kind === 'create' ? 'created' : events.length === 0 ? 'unchanged' : 'updated';
  return { line: plan.line, status, id: record.id, version: record.version };
}

function errorOf(error: DomainError): BulkLineResult['error'] {
  return { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details as never }) };
}

/** The lines' ids that exist, and the records holding each line's sku as their global value (the values index serves both). */
async function findKeys(manager: EntityManager, lines: BulkUpsertRequest['lines']): Promise<FoundKeys> {
  const ids = [...new Set(lines.flatMap((line) => (line.id !== undefined ? [line.id] : [])))];
  const skus = [...new Set(lines.flatMap((line) => (line.id === undefined && line.sku !== undefined ? [line.sku] : [])))];
  const [idRows, skuRows] = await Promise.all([
    ids.length ? (manager.query('SELECT id FROM record WHERE id = ANY($1)', [ids]) as Promise<{ id: string }[]>) : [],
    skus.length
      ? (manager.query(
          `SELECT x.sku, r.id FROM unnest($1::text[]) AS x(sku)
           JOIN record r ON r."values" @> jsonb_build_object('sku', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', to_jsonb(x.sku))))`,
          [skus],
        ) as Promise<{ sku: string; id: string }[]>)
      : [],
  ]);
  const bySku = new Map<string, string[]>();
  for (const row of skuRows) bySku.set(row.sku, [...(bySku.get(row.sku) ?? []), row.id]);
  return { ids: new Set(idRows.map((row) => row.id)), bySku };
}
