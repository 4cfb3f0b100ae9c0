import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { OperationApplierService } from './operation-applier.service';
import { ProposalChecksService } from './proposal-checks.service';
import { RecordSummariesService } from './record-summaries';

/** What the change-set service asks of records: summaries for display, checks of proposals, and applying approved operations. */
@Injectable()
export class ChangeSetOperationsHandler {
  constructor(
    private readonly applier: OperationApplierService,
    private readonly summaries: RecordSummariesService,
    private readonly checks: ProposalChecksService,
  ) {}

  @RpcHandler('records.record.summarize')
  summarize({ ids }: RpcRequest<'records.record.summarize'>): Promise<RpcResponse<'records.record.summarize'>> {
    return this.summaries.summarize(ids);
  }

  @RpcHandler('records.value.validate')
  validate(request: RpcRequest<'records.value.validate'>): Promise<RpcResponse<'records.value.validate'>> {
    return this.checks.validate(request);
  }

  @RpcHandler('records.value.find-stale')
  findStale(request: RpcRequest<'records.value.find-stale'>): Promise<RpcResponse<'records.value.find-stale'>> {
    return this.checks.findStale(request);
  }

  @RpcHandler('records.record.apply-operations')
  apply(request: RpcRequest<'records.record.apply-operations'>, context: RpcContext): Promise<RpcResponse<'records.record.apply-operations'>> {
    return this.applier.apply(request, context);
  }
}
