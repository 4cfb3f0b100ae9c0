import { Injectable } from '@nestjs/common';
import {
  type CompletenessPreviewItem,
  type CompletenessPreviewRequest,
  type CompletenessPreviewResponse,
  type CompletenessPreviewResult,
  type DimensionDto,
  DomainError,
  ErrorCodes,
  RECORD_VALUES_BY_ID_MAX,
  type RecordValuesById,
  type SchemaDto,
  type WorkflowDto,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { WorkflowsService } from '../workflows/workflows.service';
import { CompletenessService } from './completeness.service';
import { gatedTransitionsFrom, type PreviewPlans, previewCompleteness, validPreviewItems } from './preview';

type RecordRow = RecordValuesById['items'][number];
type SchemaContext = { schema: SchemaDto; workflow: WorkflowDto } | { error: { code: string; message: string } };

/**
 * `workflow.completeness.preview`: reads the records' current values from records (by id, in
 * batches), their schemas and workflows once per schema, and scores each item before and after
 * its changes with the cached plans. An item that cannot be scored (record gone, schema without
 * workflow) gets an error of its own; the others are still answered.
 */
@Injectable()
export class CompletenessPreviewService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly workflows: WorkflowsService,
    private readonly completeness: CompletenessService,
  ) {}

  async preview(request: CompletenessPreviewRequest): Promise<CompletenessPreviewResponse> {
    const items = validPreviewItems(request);
    const records = await this.records(items.flatMap((item) => (item.recordId ? [item.recordId] : [])));
    const schemaIds = new Set(items.map((item) => (item.recordId ? records.get(item.recordId)?.schemaId : item.schemaId)).filter((id) => id !== undefined));
    const [dimensions, contexts] = await Promise.all([this.rpc.request('records.dimension.list', {}), this.schemas([...schemaIds])]);
    return { items: items.map((item) => this.previewOne(item, records, contexts, dimensions)) };
  }

  private previewOne(
    item: CompletenessPreviewItem,
    records: ReadonlyMap<string, RecordRow>,
    contexts: ReadonlyMap<string, SchemaContext>,
    dimensions: DimensionDto[],
  ): CompletenessPreviewResult {
    const record = item.recordId === undefined ? undefined : records.get(item.recordId);
    if (item.recordId !== undefined && !record) return { error: { code: ErrorCodes.notFound, message: `Record '${item.recordId}' not found` } };
    const context = contexts.get(record?.schemaId ?? (item.schemaId as string));
    if (!context || 'error' in context) return { error: context?.error ?? { code: ErrorCodes.notFound, message: 'Schema not found' } };
    const { schema, workflow } = context;
    const stateId = record?.lifecycleStateId ?? workflow.initialStateId;
    const plans: PreviewPlans = {
      state: this.completeness.plan(schema, dimensions, workflow, stateId),
      next: gatedTransitionsFrom(workflow, stateId).map((transition) => ({
        transitionId: transition.id,
        plan: this.completeness.plan(schema, dimensions, workflow, transition.toStateId),
      })),
    };
    return previewCompleteness(plans, record?.values ?? {}, item.changes);
  }

  /** The records by id, RECORD_VALUES_BY_ID_MAX at a time; a reply cut at its size budget is asked again for the rest. */
  private async records(ids: string[]): Promise<Map<string, RecordRow>> {
    const found = new Map<string, RecordRow>();
    let pending = [...new Set(ids)];
    while (pending.length > 0) {
      const batch = pending.slice(0, RECORD_VALUES_BY_ID_MAX);
      const reply = await this.rpc.request('records.record.get-values', { ids: batch });
      for (const row of reply.items) found.set(row.id, row);
      // Every reply holds at least one record when any exists, so this ends.
      pending = [...reply.unread, ...pending.slice(batch.length)];
    }
    return found;
  }

  private async schemas(schemaIds: string[]): Promise<Map<string, SchemaContext>> {
    const entries = await Promise.all(
      schemaIds.map(async (schemaId): Promise<[string, SchemaContext]> => {
        try {
          const [schema, workflow] = await Promise.all([this.rpc.request('records.schema.get', { id: schemaId }), this.workflows.forSchema(schemaId)]);
          return [schemaId, { schema, workflow }];
        } catch (error) {
          if (error instanceof DomainError && error.code === ErrorCodes.notFound) return [schemaId, { error: { code: error.code, message: error.message } }];
          throw error;
        }
      }),
    );
    return new Map(entries);
  }
}
