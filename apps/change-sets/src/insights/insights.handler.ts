import { Injectable } from '@nestjs/common';
import type { RpcRequest as Req, RpcResponse as Res } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { InsightsService } from './insights.service';

@Injectable()
export class InsightsHandler {
  constructor(private readonly insights: InsightsService) {}

  @RpcHandler('change-sets.change-set.insights')
  read(request: Req<'change-sets.change-set.insights'>): Promise<Res<'change-sets.change-set.insights'>> {
    return this.insights.insights(request);
  }
}
