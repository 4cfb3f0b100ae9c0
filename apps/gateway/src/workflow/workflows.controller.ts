import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permissions, type WorkflowDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { CreateWorkflowDto, ListWorkflowsQueryDto, UpdateWorkflowDto } from './workflow.dto';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'List workflows (one per schema)' })
  list(@Query() query: ListWorkflowsQueryDto): Promise<WorkflowDto[]> {
    return this.rpc.request('workflow.workflow.list', { schemaId: query.schemaId });
  }

  @Get(':id')
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'Get a workflow' })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<WorkflowDto> {
    return this.rpc.request('workflow.workflow.get', { id });
  }

  @Post()
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Create a workflow for a schema',
    description:
      'States with required attributes, an initial state and transitions. Required attributes must be attributes of the schema; ' +
      'transitions must join existing states; roles must be known. 409 when the id is taken or the schema already has a workflow. ' +
      'The schema\'s records start in initialStateId from now on.',
  })
  @ApiConflictResponse()
  create(@Body() body: CreateWorkflowDto): Promise<WorkflowDto> {
    return this.rpc.request('workflow.workflow.create', body);
  }

  @Put(':id')
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Replace a workflow',
    description: 'Same rules as create; the schema cannot change, and a state that still holds records cannot be removed (409).',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  update(@Param('id') id: string, @Body() body: UpdateWorkflowDto): Promise<WorkflowDto> {
    return this.rpc.request('workflow.workflow.update', { ...body, id });
  }
}
