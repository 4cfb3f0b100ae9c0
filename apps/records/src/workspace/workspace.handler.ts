import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { WorkspaceReader } from './workspace-reader';

/** Reads of the workspace model. */
@Injectable()
export class WorkspaceReadHandler {
  constructor(private readonly reader: WorkspaceReader) {}

  @RpcHandler('records.dimension.list')
  listDimensions(): Promise<RpcResponse<'records.dimension.list'>> {
    return this.reader.listDimensions();
  }

  @RpcHandler('records.dimension.get')
  getDimension({ id }: RpcRequest<'records.dimension.get'>): Promise<RpcResponse<'records.dimension.get'>> {
    return this.reader.getDimension(id);
  }

  @RpcHandler('records.schema.list')
  listSchemas(): Promise<RpcResponse<'records.schema.list'>> {
    return this.reader.listSchemas();
  }

  @RpcHandler('records.schema.get')
  getSchema({ id }: RpcRequest<'records.schema.get'>): Promise<RpcResponse<'records.schema.get'>> {
    return this.reader.getSchema(id);
  }
}
