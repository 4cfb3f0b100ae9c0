import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { CompletenessRulesService } from './completeness-rules.service';

@Injectable()
export class CompletenessHandler {
  constructor(private readonly rules: CompletenessRulesService) {}

  @RpcHandler('records.completeness.sync-rules')
  sync(request: RpcRequest<'records.completeness.sync-rules'>): Promise<RpcResponse<'records.completeness.sync-rules'>> {
    return this.rules.sync(request);
  }
}
