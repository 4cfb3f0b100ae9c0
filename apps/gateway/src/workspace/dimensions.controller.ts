import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type DimensionDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';

@ApiTags('workspace')
@ApiBearerAuth()
@Controller('dimensions')
export class DimensionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'List dimensions with their segments' })
  list(): Promise<DimensionDto[]> {
    return this.rpc.request('records.dimension.list', {});
  }

  @Get(':id')
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'Get a dimension' })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<DimensionDto> {
    return this.rpc.request('records.dimension.get', { id });
  }
}
