import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest as Req, RpcResponse as Res } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { RevertService } from './revert.service';

/** NATS face of revert. */
@Injectable()
export class RevertHandler {
  constructor(private readonly reverts: RevertService) {}

  @RpcHandler('change-sets.change-set.revert')
  revert({ id }: Req<'change-sets.change-set.revert'>, context: RpcContext): Promise<Res<'change-sets.change-set.revert'>> {
    return this.reverts.revert(id, context);
  }
}
