import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { CompletenessService } from './completeness/completeness.service';
import { CompletenessPreviewService } from './completeness/preview.service';
import { CompletenessReportService } from './completeness/report.service';
import { TransitionsService } from './transitions/transitions.service';
import { WorkflowsService } from './workflows/workflows.service';

@Injectable()
export class WorkflowHandler {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly transitions: TransitionsService,
    private readonly completeness: CompletenessService,
    private readonly reports: CompletenessReportService,
    private readonly previews: CompletenessPreviewService,
  ) {}

  @RpcHandler('workflow.workflow.list')
  list({ schemaId }: RpcRequest<'workflow.workflow.list'>): Promise<RpcResponse<'workflow.workflow.list'>> {
    return this.workflows.list(schemaId);
  }

  @RpcHandler('workflow.workflow.get')
  get({ id }: RpcRequest<'workflow.workflow.get'>): Promise<RpcResponse<'workflow.workflow.get'>> {
    return this.workflows.get(id);
  }

  @RpcHandler('workflow.workflow.create')
  create(request: RpcRequest<'workflow.workflow.create'>): Promise<RpcResponse<'workflow.workflow.create'>> {
    return this.workflows.create(request);
  }

  @RpcHandler('workflow.workflow.update')
  update(request: RpcRequest<'workflow.workflow.update'>): Promise<RpcResponse<'workflow.workflow.update'>> {
    return this.workflows.update(request);
  }

  @RpcHandler('workflow.transition.list-available')
  available({ entityId }: RpcRequest<'workflow.transition.list-available'>): Promise<RpcResponse<'workflow.transition.list-available'>> {
    return this.transitions.available(entityId);
  }

  @RpcHandler('workflow.transition.run')
  run(
    { entityId, transitionId, expectedVersion }: RpcRequest<'workflow.transition.run'>,
    context: RpcContext,
  ): Promise<RpcResponse<'workflow.transition.run'>> {
    return this.transitions.run(entityId, transitionId, context, expectedVersion);
  }

  @RpcHandler('workflow.completeness.get')
  completenessOf({ entityId, lifecycleStateId }: RpcRequest<'workflow.completeness.get'>): Promise<RpcResponse<'workflow.completeness.get'>> {
    return this.completeness.forRecord(entityId, lifecycleStateId);
  }

  @RpcHandler('workflow.completeness.report')
  schemaCompleteness({ schemaId, lifecycleStateId }: RpcRequest<'workflow.completeness.report'>): Promise<RpcResponse<'workflow.completeness.report'>> {
    return this.reports.forSchema(schemaId, lifecycleStateId);
  }

  @RpcHandler('workflow.completeness.preview')
  preview(request: RpcRequest<'workflow.completeness.preview'>): Promise<RpcResponse<'workflow.completeness.preview'>> {
    return this.previews.preview(request);
  }
}
