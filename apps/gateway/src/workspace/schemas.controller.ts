import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permissions, type SchemaDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';

@ApiTags('workspace')
@ApiBearerAuth()
@Controller('schemas')
export class SchemasController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'List schemas with their attributes' })
  list(): Promise<SchemaDto[]> {
    return this.rpc.request('records.schema.list', {});
  }

  @Get(':id')
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'Get a schema' })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<SchemaDto> {
    return this.rpc.request('records.schema.get', { id });
  }
}
