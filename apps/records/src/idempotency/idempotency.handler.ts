import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { IdempotencyStore } from './idempotency.store';

/** NATS face of the Idempotency-Key memory the gateway uses. */
@Injectable()
export class IdempotencyHandler {
  constructor(private readonly store: IdempotencyStore) {}

  @RpcHandler('records.idempotency.begin')
  begin(request: RpcRequest<'records.idempotency.begin'>): Promise<RpcResponse<'records.idempotency.begin'>> {
    return this.store.begin(request);
  }

  @RpcHandler('records.idempotency.complete')
  complete(request: RpcRequest<'records.idempotency.complete'>): Promise<RpcResponse<'records.idempotency.complete'>> {
    return this.store.complete(request);
  }

  @RpcHandler('records.idempotency.release')
  release(request: RpcRequest<'records.idempotency.release'>): Promise<RpcResponse<'records.idempotency.release'>> {
    return this.store.release(request);
  }
}
