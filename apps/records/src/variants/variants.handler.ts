import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { VariantsService } from './variants.service';

@Injectable()
export class VariantsHandler {
  constructor(private readonly variants: VariantsService) {}

  @RpcHandler('records.record.get-resolved')
  getResolved({ id }: RpcRequest<'records.record.get-resolved'>): Promise<RpcResponse<'records.record.get-resolved'>> {
    return this.variants.getResolved(id);
  }

  @RpcHandler('records.record.list-variants')
  listVariants(request: RpcRequest<'records.record.list-variants'>): Promise<RpcResponse<'records.record.list-variants'>> {
    return this.variants.listVariants(request);
  }
}
