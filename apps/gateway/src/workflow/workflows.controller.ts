import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permissions, type WorkflowDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { createWorkflowExample, workflowExample } from '../openapi/lifecycle-examples';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { CreateWorkflowDto, ListWorkflowsQueryDto, UpdateWorkflowDto } from './workflow.dto';

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'List workflows (one per schema)' })
  @ApiOk(['Workflow'], { examples: { demo: { value: [workflowExample] } } })
  list(@Query() query: ListWorkflowsQueryDto): Promise<WorkflowDto[]> {
    return this.rpc.request('workflow.workflow.list', { schemaId: query.schemaId });
  }

  @Get(':id')
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'Get a workflow' })
  @ApiOk('Workflow', { examples: { demo: { value: workflowExample } } })
  @ApiNotFoundResponse({ description: 'Unknown workflow' })
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
  @ApiBody({ type: CreateWorkflowDto, examples: { apparel: { value: createWorkflowExample } } })
  @ApiCreated('Workflow', { examples: { created: { value: workflowExample } }, location: (workflow: WorkflowDto) => `workflows/${workflow.id}` })
  @ApiConflictResponse({ description: 'The id is taken, or the schema already has a workflow' })
  create(@Body() body: CreateWorkflowDto): Promise<WorkflowDto> {
    return this.rpc.request('workflow.workflow.create', body);
  }

  @Put(':id')
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Replace a workflow',
    description: 'Same rules as create; the schema cannot change, and a state that still holds records cannot be removed (409).',
  })
  @ApiOk('Workflow', { examples: { replaced: { value: workflowExample } } })
  @ApiNotFoundResponse({ description: 'Unknown workflow' })
  @ApiConflictResponse({ description: 'A removed state still holds records' })
  update(@Param('id') id: string, @Body() body: UpdateWorkflowDto): Promise<WorkflowDto> {
    return this.rpc.request('workflow.workflow.update', { ...body, id });
  }
}
