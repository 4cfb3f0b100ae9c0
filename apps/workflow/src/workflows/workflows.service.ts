import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type UpsertWorkflowRequest, type WorkflowDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { toWorkflowDto, WorkflowEntity } from '../database/workflow.entity';
import { validateWorkflow } from './validate-workflow';

/** Workflow definitions: one per schema. */
@Injectable()
export class WorkflowsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
  ) {}

  async list(schemaId?: string): Promise<WorkflowDto[]> {
    const workflows = await this.dataSource.manager.find(WorkflowEntity, { where: schemaId ? { schemaId } : {}, order: { id: 'ASC' } });
    return workflows.map(toWorkflowDto);
  }

  async get(id: string): Promise<WorkflowDto> {
    const workflow = await this.dataSource.manager.findOneBy(WorkflowEntity, { id });
    if (!workflow) throw DomainError.notFound('Workflow', id);
    return toWorkflowDto(workflow);
  }

  /** The workflow governing records of a schema. */
  async forSchema(schemaId: string): Promise<WorkflowDto> {
    const workflow = await this.dataSource.manager.findOneBy(WorkflowEntity, { schemaId });
    if (!workflow) throw DomainError.notFound('Workflow for schema', schemaId);
    return toWorkflowDto(workflow);
  }

  async create(request: UpsertWorkflowRequest): Promise<WorkflowDto> {
    await this.validate(request);
    if (await this.dataSource.manager.existsBy(WorkflowEntity, { id: request.id }))
      throw DomainError.conflict(`Workflow '${request.id}' already exists`, { workflowId: request.id });
    if (await this.dataSource.manager.existsBy(WorkflowEntity, { schemaId: request.schemaId }))
      throw DomainError.conflict(`Schema '${request.schemaId}' already has a workflow`, { schemaId: request.schemaId });
    const now = new Date();
    const entity = this.dataSource.manager.create(WorkflowEntity, { ...request, createdAt: now, updatedAt: now });
    try {
      // The schema's initial state is synced before the insert commits: if that call fails, no workflow is left behind.
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(WorkflowEntity, entity);
        await this.syncInitialState(request);
        await this.syncCompletenessRule(request, now);
      });
    } catch (error) {
      // A concurrent create won the race for the id or the schema.
      if ((error as { code?: string }).code === '23505')
        throw DomainError.conflict(`Workflow '${request.id}' or one for schema '${request.schemaId}' already exists`, {
          workflowId: request.id,
          schemaId: request.schemaId,
        });
      throw error;
    }
    return toWorkflowDto(entity);
  }

  /** Replaces a workflow. States that records are still in cannot be removed. */
  async update(request: UpsertWorkflowRequest): Promise<WorkflowDto> {
    const existing = await this.dataSource.manager.findOneBy(WorkflowEntity, { id: request.id });
    if (!existing) throw DomainError.notFound('Workflow', request.id);
    if (existing.schemaId !== request.schemaId)
      throw DomainError.validation([{ field: 'schemaId', rule: 'immutable', message: `workflow '${request.id}' belongs to schema '${existing.schemaId}'` }]);
    await this.validate(request);
    const kept = new Set(request.states.map((state) => state.id));
    for (const state of existing.states.filter((candidate) => !kept.has(candidate.id))) {
      const { total } = await this.rpc.request('records.record.list', { schemaId: existing.schemaId, lifecycleStateId: state.id, offset: 0, limit: 1 });
      if (total > 0)
        throw DomainError.conflict(`State '${state.id}' still holds ${total} record(s)`, { stateId: state.id, recordCount: total });
    }
    existing.name = request.name;
    existing.initialStateId = request.initialStateId;
    existing.states = request.states;
    existing.transitions = request.transitions;
    existing.updatedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      await manager.save(WorkflowEntity, existing);
      await this.syncInitialState(request);
      await this.syncCompletenessRule(request, existing.updatedAt);
    });
    return toWorkflowDto(existing);
  }

  private async validate(request: UpsertWorkflowRequest): Promise<void> {
    const schema = await this.rpc.request('records.schema.get', { id: request.schemaId }).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'not-found')
        throw DomainError.validation([{ field: 'schemaId', rule: 'exists', message: `schema '${request.schemaId}' does not exist` }]);
      throw error;
    });
    const issues = validateWorkflow(request, schema);
    if (issues.length) throw DomainError.validation(issues);
  }

  /**
   * Records keeps each schema's completeness rule (states and their required attributes) to score
   * every write in the write's transaction, so the completeness search is right the moment a write
   * answers. Pushed here before the workflow commits (a failed push leaves the old workflow in
   * place), and for every workflow at start-up (CompletenessRulePush).
   */
  syncCompletenessRule(workflow: Pick<WorkflowDto, 'id' | 'schemaId' | 'states'>, updatedAt: Date): Promise<unknown> {
    return this.rpc.request('records.completeness.sync-rules', {
      schemaId: workflow.schemaId,
      workflowId: workflow.id,
      workflowUpdatedAt: updatedAt.toISOString(),
      states: workflow.states.map((state) => ({ id: state.id, requiredAttributes: state.requiredAttributes })),
    });
  }

  /** New records start in the workflow's initial state; records keeps that on the schema. */
  private async syncInitialState(request: UpsertWorkflowRequest): Promise<void> {
    const schema = await this.rpc.request('records.schema.get', { id: request.schemaId });
    if (schema.initialLifecycleStateId !== request.initialStateId)
      await this.rpc.request('records.schema.update', { id: request.schemaId, initialLifecycleStateId: request.initialStateId });
  }
}
