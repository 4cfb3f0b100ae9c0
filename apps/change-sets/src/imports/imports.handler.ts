import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest as Req, RpcResponse as Res } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { ImportsService } from './imports.service';

/** NATS face of imports. */
@Injectable()
export class ImportsHandler {
  constructor(private readonly imports: ImportsService) {}

  @RpcHandler('change-sets.import.create')
  create(request: Req<'change-sets.import.create'>, context: RpcContext): Promise<Res<'change-sets.import.create'>> {
    return this.imports.create(request, context);
  }

  @RpcHandler('change-sets.import.start')
  start(request: Req<'change-sets.import.start'>, context: RpcContext): Promise<Res<'change-sets.import.start'>> {
    return this.imports.start(request, context);
  }

  @RpcHandler('change-sets.import.rows')
  rows(request: Req<'change-sets.import.rows'>, context: RpcContext): Promise<Res<'change-sets.import.rows'>> {
    return this.imports.rows(request, context);
  }

  @RpcHandler('change-sets.import.finish')
  finish(request: Req<'change-sets.import.finish'>, context: RpcContext): Promise<Res<'change-sets.import.finish'>> {
    return this.imports.finish(request, context);
  }

  @RpcHandler('change-sets.import.get')
  get({ id }: Req<'change-sets.import.get'>): Promise<Res<'change-sets.import.get'>> {
    return this.imports.get(id);
  }
}
