import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { OperationApplierService } from './operation-applier.service';
import { RecordSummariesService } from './record-summaries';

/** What the change-set service asks of records: summaries for display, and applying approved operations. */
@Injectable()
export class ChangeSetOperationsHandler {
  constructor(
    private readonly applier: OperationApplierService,
    private readonly summaries: RecordSummariesService,
  ) {}

  @RpcHandler('records.record.summarize')
  summarize({ ids }: RpcRequest<'records.record.summarize'>): Promise<RpcResponse<'records.record.summarize'>> {
    return this.summaries.summarize(ids);
  }

  @RpcHandler('records.record.apply-operations')
  apply(request: RpcRequest<'records.record.apply-operations'>, context: RpcContext): Promise<RpcResponse<'records.record.apply-operations'>> {
    return this.applier.apply(request, context);
  }
}
