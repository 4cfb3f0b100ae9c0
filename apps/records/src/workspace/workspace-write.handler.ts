import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { DimensionsService } from './dimensions/dimensions.service';
import { SchemasService } from './schemas/schemas.service';

/** Writes of the workspace model: dimensions and schemas. */
@Injectable()
export class WorkspaceWriteHandler {
  constructor(
    private readonly dimensions: DimensionsService,
    private readonly schemas: SchemasService,
  ) {}

  @RpcHandler('records.dimension.create')
  createDimension(request: RpcRequest<'records.dimension.create'>): Promise<RpcResponse<'records.dimension.create'>> {
    return this.dimensions.create(request);
  }

  @RpcHandler('records.dimension.update')
  updateDimension(request: RpcRequest<'records.dimension.update'>): Promise<RpcResponse<'records.dimension.update'>> {
    return this.dimensions.update(request);
  }

  @RpcHandler('records.schema.create')
  createSchema(request: RpcRequest<'records.schema.create'>): Promise<RpcResponse<'records.schema.create'>> {
    return this.schemas.create(request);
  }

  @RpcHandler('records.schema.update')
  updateSchema(request: RpcRequest<'records.schema.update'>): Promise<RpcResponse<'records.schema.update'>> {
    return this.schemas.update(request);
  }
}
