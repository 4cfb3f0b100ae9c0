import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import { type JsonText, ReplyMeta, RpcHandler } from '@sigma/messaging';
import { BulkUpsertService } from './bulk/bulk-upsert.service';
import { RecordsService } from './records.service';

/** NATS face of the records service: unwraps the request and hands it to the domain. */
@Injectable()
export class RecordsHandler {
  constructor(
    private readonly records: RecordsService,
    private readonly bulk: BulkUpsertService,
  ) {}

  @RpcHandler('records.record.list')
  list(query: RpcRequest<'records.record.list'>): Promise<JsonText<RpcResponse<'records.record.list'>>> {
    return this.records.list(query);
  }

  @RpcHandler('records.record.get')
  get({ id }: RpcRequest<'records.record.get'>): Promise<RpcResponse<'records.record.get'>> {
    return this.records.get(id);
  }

  @RpcHandler('records.record.create')
  async create(request: RpcRequest<'records.record.create'>, context: RpcContext): Promise<RpcResponse<'records.record.create'>> {
    const { result, replayed } = await this.records.create(request, context);
    if (replayed) ReplyMeta.markReplayed();
    return result;
  }

  @RpcHandler('records.record.update')
  update(request: RpcRequest<'records.record.update'>, context: RpcContext): Promise<RpcResponse<'records.record.update'>> {
    return this.records.update(request, context);
  }

  @RpcHandler('records.record.patch-attribute')
  patchAttribute(
    request: RpcRequest<'records.record.patch-attribute'>,
    context: RpcContext,
  ): Promise<RpcResponse<'records.record.patch-attribute'>> {
    return this.records.patchAttribute(request, context);
  }

  @RpcHandler('records.record.delete')
  delete({ id, expectedVersion }: RpcRequest<'records.record.delete'>, context: RpcContext): Promise<RpcResponse<'records.record.delete'>> {
    return this.records.delete(id, context, expectedVersion);
  }

  @RpcHandler('records.record.move-lifecycle-state')
  moveLifecycleState(
    request: RpcRequest<'records.record.move-lifecycle-state'>,
    context: RpcContext,
  ): Promise<RpcResponse<'records.record.move-lifecycle-state'>> {
    return this.records.moveLifecycleState(request, context);
  }

  @RpcHandler('records.record.bulk-upsert')
  bulkUpsert(request: RpcRequest<'records.record.bulk-upsert'>, context: RpcContext): Promise<RpcResponse<'records.record.bulk-upsert'>> {
    return this.bulk.upsert(request, context);
  }
}
