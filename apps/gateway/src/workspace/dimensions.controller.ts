import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type DimensionDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { CreateDimensionDto, UpdateDimensionDto } from './dimensions.dto';
import { createDimensionExample, dimensionExample, segmentInUseExample, updateDimensionExample } from './workspace-examples';

const ADMIN_ONLY = 'Needs workspace:manage (role-admin only).';

@ApiTags('workspace')
@Controller('dimensions')
export class DimensionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'List dimensions with their segments', description: 'Ordered by id; segments in their display order. Every role may read.' })
  @ApiOk(['Dimension'], { examples: { channel: { value: [dimensionExample] } } })
  list(): Promise<DimensionDto[]> {
    return this.rpc.request('records.dimension.list', {});
  }

  @Get(':id')
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'Get a dimension' })
  @ApiOk('Dimension', { examples: { channel: { value: dimensionExample } } })
  @ApiNotFoundResponse({ description: 'Unknown dimension' })
  get(@Param('id') id: string): Promise<DimensionDto> {
    return this.rpc.request('records.dimension.get', { id });
  }

  @Post()
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Create a dimension',
    description:
      'A dimension (language, market, channel ...) with its segments. Ids are stable strings (`^[a-z0-9][a-z0-9-]*$`, at most 100 ' +
      'characters) chosen by the workspace; a segment id is unique within its dimension only (`seg-de` may be German and Germany). ' +
      `At least one segment. 409 when the id is taken. ${ADMIN_ONLY}`,
  })
  @ApiBody({ type: CreateDimensionDto, examples: { channel: { value: createDimensionExample } } })
  @ApiCreated('Dimension', { examples: { channel: { value: dimensionExample } }, location: (dimension: DimensionDto) => `dimensions/${dimension.id}` })
  @ApiBadRequestResponse({ description: 'Invalid id, name or segments (details name each field, e.g. `segments[1].id`)' })
  @ApiForbiddenResponse({ description: 'Role may not manage the workspace' })
  @ApiConflictResponse({ description: 'A dimension with this id exists' })
  create(@Body() body: CreateDimensionDto): Promise<DimensionDto> {
    return this.rpc.request('records.dimension.create', { id: body.id, name: body.name, segments: body.segments });
  }

  @Put(':id')
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Replace a dimension\'s name and segments',
    description:
      'The body is the complete new state: `segments` is the full list in display order. Segments may be added, renamed and ' +
      'reordered. Removing a segment that any record value is still scoped to is refused with 409 `conflict`; `details` lists ' +
      'each such segment with `segmentId` and `recordCount` (clear or move those values first). The id cannot change. ' +
      ADMIN_ONLY,
  })
  @ApiBody({ type: UpdateDimensionDto, examples: { rename: { value: updateDimensionExample } } })
  @ApiOk('Dimension', { examples: { channel: { value: dimensionExample } } })
  @ApiBadRequestResponse({ description: 'Invalid name or segments' })
  @ApiForbiddenResponse({ description: 'Role may not manage the workspace' })
  @ApiNotFoundResponse({ description: 'Unknown dimension' })
  @ApiConflictResponse({
    description: 'A removed segment is still used by record values',
    examples: { segmentInUse: { summary: 'seg-print still used', value: segmentInUseExample } },
  })
  update(@Param('id') id: string, @Body() body: UpdateDimensionDto): Promise<DimensionDto> {
    return this.rpc.request('records.dimension.update', { id, name: body.name, segments: body.segments });
  }
}
