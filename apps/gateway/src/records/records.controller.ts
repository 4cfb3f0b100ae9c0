import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Permissions, type RecordDto, type RecordPage, type ResolvedRecordDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiIfMatch, IfMatchVersion } from '../concurrency/if-match';
import { RecordEtagInterceptor } from '../concurrency/record-etag.interceptor';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { resolvedVariantExample } from '../catalogs/catalog-examples';
import { RecordReadQueryDto } from '../catalogs/catalogs.dto';
import {
  createRecordExample,
  patchAttributeExample,
  recordExample,
  recordPageExample,
  updateRecordExample,
  validationErrorExample,
} from '../openapi/record-examples';
import { CreateRecordDto, ListRecordsQueryDto, PatchAttributeDto, UpdateRecordDto } from './records.dto';

@ApiTags('records')
@ApiBearerAuth()
@Controller('records')
@UseInterceptors(RecordEtagInterceptor)
export class RecordsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'List and search records',
    description:
      'Filter by schema, lifecycle state and category; ordered by creation time, then id (with categoryId: by sortOrder in the ' +
      'category, then id). Search adds sku, updatedSince and conditions on attribute values per scope (`filters`), a sort on ' +
      'createdAt or updatedAt, and keyset paging (`cursor` → `nextCursor`). With any of those, `total` is exact up to 10,000 ' +
      'matches; beyond, it is 10,000 with `totalIsLowerBound: true`.',
  })
  @ApiOkResponse({ schema: { example: recordPageExample } })
  @ApiBadRequestResponse({ description: 'offset < 0, limit outside 1..500 or an unknown query parameter' })
  list(@Query() query: ListRecordsQueryDto): Promise<RecordPage> {
    return this.rpc.request('records.record.list', {
      schemaId: query.schemaId,
      lifecycleStateId: query.lifecycleStateId,
      categoryId: query.categoryId,
      sku: query.sku,
      updatedSince: query.updatedSince,
      filters: query.filters?.map(({ attribute, scope, operator, value }) => ({ attribute, scope, operator, value })),
      sort: query.sort,
      cursor: query.cursor,
      offset: query.offset,
      limit: query.limit,
    });
  }

  @Post()
  @RequirePermission(Permissions.recordsWrite)
  @ApiOperation({ summary: 'Create a record', description: 'Starts in the initial lifecycle state of its schema.' })
  @ApiBody({ type: CreateRecordDto, examples: { seed: { value: createRecordExample } } })
  @ApiCreatedResponse({ schema: { example: recordExample } })
  @ApiBadRequestResponse({ schema: { example: validationErrorExample } })
  @ApiForbiddenResponse({ description: 'Role may not write records, or the plan\'s SKU limit is reached (code sku-limit-reached)' })
  @Idempotent('records.record.create')
  create(@Body() body: CreateRecordDto): Promise<RecordDto> {
    return this.rpc.request('records.record.create', { schemaId: body.schemaId, values: body.values, parentId: body.parentId });
  }

  @Get(':id')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Get a record',
    description:
      'The ETag header is the record version (W/"<version>"), for If-Match on writes. Values as stored on the record. A variant (a record with a parentId) inherits, per attribute and scope, the values it does ' +
      'not set itself from its parent chain (nearest wins; unique attributes such as sku never inherit): `?resolved=true` shows ' +
      'them merged in, each inherited entry marked `inherited: true` with `inheritedFrom` (the ancestor record id).',
  })
  @ApiOkResponse({
    examples: {
      stored: { summary: 'As stored', value: recordExample },
      resolvedVariant: { summary: 'A variant with ?resolved=true', value: resolvedVariantExample },
    },
  })
  @ApiNotFoundResponse()
  get(@Param('id') id: string, @Query() query: RecordReadQueryDto): Promise<RecordDto | ResolvedRecordDto> {
    return query.resolved ? this.rpc.request('records.record.get-resolved', { id }) : this.rpc.request('records.record.get', { id });
  }

  @Put(':id')
  @RequirePermission(Permissions.recordsWrite)
  @ApiOperation({ summary: 'Update a record', description: 'Replaces the scoped values of each attribute named; others stay.' })
  @ApiBody({ type: UpdateRecordDto, examples: { seed: { value: updateRecordExample } } })
  @ApiOkResponse({ schema: { example: recordExample } })
  @ApiBadRequestResponse({ schema: { example: validationErrorExample } })
  @ApiNotFoundResponse()
  @ApiIfMatch()
  update(@Param('id') id: string, @Body() body: UpdateRecordDto, @IfMatchVersion() expectedVersion?: number): Promise<RecordDto> {
    return this.rpc.request('records.record.update', { id, values: body.values, expectedVersion });
  }

  @Patch(':id/values/:attr')
  @RequirePermission(Permissions.recordsWrite)
  @ApiOperation({ summary: 'Update a single attribute', description: 'Replaces one attribute\'s scoped values.' })
  @ApiBody({ type: PatchAttributeDto, examples: { seed: { value: patchAttributeExample } } })
  @ApiOkResponse({ schema: { example: recordExample } })
  @ApiBadRequestResponse({ schema: { example: validationErrorExample } })
  @ApiNotFoundResponse({ description: 'Unknown record, or an attribute not in the record\'s schema' })
  @ApiIfMatch()
  patchAttribute(
    @Param('id') id: string,
    @Param('attr') attr: string,
    @Body() body: PatchAttributeDto,
    @IfMatchVersion() expectedVersion?: number,
  ): Promise<RecordDto> {
    return this.rpc.request('records.record.patch-attribute', { id, attributeAlias: attr, scopedValues: body.scopedValues, expectedVersion });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permissions.recordsWrite)
  @ApiOperation({ summary: 'Delete a record and all its variants', description: 'Each deletion is audited.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiIfMatch()
  async delete(@Param('id') id: string, @IfMatchVersion() expectedVersion?: number): Promise<void> {
    await this.rpc.request('records.record.delete', { id, expectedVersion });
  }
}
