import { Injectable } from '@nestjs/common';
import { type CompletenessDto, DomainError, type RecordDto, type WorkflowDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { WorkflowsService } from '../workflows/workflows.service';
import { computeCompleteness } from './completeness';

/** Gathers what the calculator needs (record, schema, dimensions, state) from the records service. */
@Injectable()
export class CompletenessService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly workflows: WorkflowsService,
  ) {}

  async forRecord(entityId: string, lifecycleStateId?: string): Promise<CompletenessDto> {
    const record = await this.rpc.request('records.record.get', { id: entityId });
    const workflow = await this.workflows.forSchema(record.schemaId);
    const stateId = lifecycleStateId ?? record.lifecycleStateId;
    if (!workflow.states.some((state) => state.id === stateId)) {
      throw DomainError.validation([
        { field: 'lifecycleStateId', rule: 'exists', message: `'${stateId}' is not a state of workflow '${workflow.id}'` },
      ]);
    }
    return this.score(record, workflow, stateId);
  }

  async score(record: RecordDto, workflow: WorkflowDto, stateId: string): Promise<CompletenessDto> {
    const [schema, dimensions] = await Promise.all([
      this.rpc.request('records.schema.get', { id: record.schemaId }),
      this.rpc.request('records.dimension.list', {}),
    ]);
    const state = workflow.states.find((candidate) => candidate.id === stateId);
    return computeCompleteness({
      entityId: record.id,
      lifecycleStateId: stateId,
      attributes: new Map(schema.attributes.map((attribute) => [attribute.alias, attribute])),
      segmentsByDimension: new Map(dimensions.map((dimension) => [dimension.id, dimension.segments.map((segment) => segment.id)])),
      requiredAliases: state?.requiredAttributes ?? [],
      values: record.values,
    });
  }
}
