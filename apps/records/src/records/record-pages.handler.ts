import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { RecordPagesService } from './record-pages';
import { RecordValuesByIdService } from './record-values-by-id';

/** NATS face of the bulk value reads: keyset pages of a schema's records (re-scoring) and records by id (previews). */
@Injectable()
export class RecordPagesHandler {
  constructor(
    private readonly pages: RecordPagesService,
    private readonly byId: RecordValuesByIdService,
  ) {}

  @RpcHandler('records.record.list-values')
  listValues(request: RpcRequest<'records.record.list-values'>): Promise<RpcResponse<'records.record.list-values'>> {
    return this.pages.listValues(request);
  }

  @RpcHandler('records.record.get-values')
  valuesById(request: RpcRequest<'records.record.get-values'>): Promise<RpcResponse<'records.record.get-values'>> {
    return this.byId.read(request);
  }
}
