import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { CompletenessReportService } from './completeness-report.service';
import { CompletenessRulesService } from './completeness-rules.service';

@Injectable()
export class CompletenessHandler {
  constructor(
    private readonly rules: CompletenessRulesService,
    private readonly reports: CompletenessReportService,
  ) {}

  @RpcHandler('records.completeness.sync-rules')
  sync(request: RpcRequest<'records.completeness.sync-rules'>): Promise<RpcResponse<'records.completeness.sync-rules'>> {
    return this.rules.sync(request);
  }

  @RpcHandler('records.completeness.report')
  report(request: RpcRequest<'records.completeness.report'>): Promise<RpcResponse<'records.completeness.report'>> {
    return this.reports.report(request);
  }
}
