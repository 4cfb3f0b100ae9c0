import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { RecordPagesService } from './record-pages';

/** NATS face of the keyset pages of a schema's records (re-scoring reads them). */
@Injectable()
export class RecordPagesHandler {
  constructor(private readonly pages: RecordPagesService) {}

  @RpcHandler('records.record.list-values')
  listValues(request: RpcRequest<'records.record.list-values'>): Promise<RpcResponse<'records.record.list-values'>> {
    return this.pages.listValues(request);
  }
}
