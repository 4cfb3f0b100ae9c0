import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { RecordPagesService } from './record-pages';
import { RecordValuesByIdService } from './record-values-by-id';
import { RecordsBySkuService } from './records-by-sku';

/** NATS face of the bulk value reads: keyset pages of a schema's records (re-scoring), records by id (previews) and by sku (imports). */
@Injectable()
export class RecordPagesHandler {
  constructor(
    private readonly pages: RecordPagesService,
    private readonly byId: RecordValuesByIdService,
    private readonly bySku: RecordsBySkuService,
  ) {}

  @RpcHandler('records.record.list-values')
  listValues(request: RpcRequest<'records.record.list-values'>): Promise<RpcResponse<'records.record.list-values'>> {
    return this.pages.listValues(request);
  }

  @RpcHandler('records.record.get-values')
  valuesById(request: RpcRequest<'records.record.get-values'>): Promise<RpcResponse<'records.record.get-values'>> {
    return this.byId.read(request);
  }

  @RpcHandler('records.record.find-by-sku')
  findBySku(request: RpcRequest<'records.record.find-by-sku'>): Promise<RpcResponse<'records.record.find-by-sku'>> {
    return this.bySku.find(request);
  }
}
