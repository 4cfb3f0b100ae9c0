import { Injectable } from '@nestjs/common';
import { type CompletenessDto, type DimensionDto, DomainError, type RecordDto, type SchemaDto, type WorkflowDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { WorkflowsService } from '../workflows/workflows.service';
import { type CompletenessPlan, PlanCache, scoreRecord } from '@sigma/completeness';

/** Gathers what the calculator needs (record, schema, dimensions, state) from the records service. */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly workflows: WorkflowsService,
    private readonly plans: PlanCache,
  ) {}

  async forRecord(entityId: string, lifecycleStateId?: string): Promise<CompletenessDto> {
    const record = await this.rpc.request('records.record.get', { id: entityId });
    const workflow = await this.workflows.forSchema(record.schemaId);
    const stateId = lifecycleStateId ?? record.lifecycleStateId;
    requireState(workflow, stateId);
    return this.score(record, workflow, stateId);
  }

  async score(record: RecordDto, workflow: WorkflowDto, stateId: string): Promise<CompletenessDto> {
    const [schema, dimensions] = await Promise.all([
      this.rpc.request('records.schema.get', { id: record.schemaId }),
      this.rpc.request('records.dimension.list', {}),
    ]);
    return scoreRecord(this.plan(schema, dimensions, workflow, stateId), record.id, record.values);
  }

  /** The compiled rule of a state (no required attributes for a state the workflow does not have), from the cache when unchanged. */
  plan(schema: SchemaDto, dimensions: DimensionDto[], workflow: WorkflowDto, stateId: string): CompletenessPlan {
    const state = workflow.states.find((candidate) => candidate.id === stateId);
    return this.plans.get({
      lifecycleStateId: stateId,
      attributes: new Map(schema.attributes.map((attribute) => [attribute.alias, attribute])),
      segmentsByDimension: new Map(dimensions.map((dimension) => [dimension.id, dimension.segments.map((segment) => segment.id)])),
      requiredAliases: state?.requiredAttributes ?? [],
    });
  }
}

/** 400 naming the state when the workflow has no such state (the completeness endpoints' rule). */
export function requireState(workflow: WorkflowDto, stateId: string): void {
  if (!workflow.states.some((state) => state.id === stateId)) {
    throw DomainError.validation([
      { field: 'lifecycleStateId', rule: 'exists', message: `'${stateId}' is not a state of workflow '${workflow.id}'` },
    ]);
  }
}
