import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiForbiddenResponse, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permissions, type RecordDto, type RecordPage, type ResolvedRecordDto } from '@sigma/contracts';
import { type JsonBytes, RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiIfMatch, IfMatchVersion } from '../concurrency/if-match';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { resolvedVariantExample } from '../catalogs/catalog-examples';
import { RecordReadQueryDto } from '../catalogs/catalogs.dto';
import { SendsJsonBytes } from '../http/json-bytes';
import { WithResponseHeaders } from '../http/response-headers';
import { ApiCreated, ApiOk, ETAG_HEADER } from '../openapi/responses';
import {
  createRecordExample,
  patchAttributeExample,
  recordExample,
  recordPageExample,
  updateRecordExample,
  validationErrorExample,
} from '../openapi/record-examples';
import { ReadsThrough } from './read-cache/cache-control';
import { RecordReads } from './read-cache/record-reads';
import { CreateRecordDto, ListRecordsQueryDto, PatchAttributeDto, UpdateRecordDto } from './records.dto';

@ApiTags('records')
@Controller('records')
export class RecordsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly reads: RecordReads,
  ) {}

  @Get()
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'List and search records',
    description:
      'Filter by schema, lifecycle state and category; ordered by creation time, then id (with categoryId: by sortOrder in the ' +
      'category, then id). Search adds sku, updatedSince and conditions on attribute values per scope (`filters`), a sort on ' +
      'createdAt or updatedAt, keyset paging (`cursor` → `nextCursor`), and completeness per workflow state (`completeFor`, ' +
      '`completenessGte` with `completenessState`), answered from scores stored with every write, so a record written a moment ' +
      'ago is already filtered by its new completeness (after a workflow, schema or dimension change the scores are recomputed in ' +
      'the background). With any of those, `total` is exact up to 10,000 ' +
      'matches; beyond, it is 10,000 with `totalIsLowerBound: true`.',
  })
  @ApiOk('RecordPage', { examples: { page: { value: recordPageExample } } })
  @ApiBadRequestResponse({
    description: 'offset < 0, limit outside 1..500, completenessGte outside 0..100, an unknown workflow state or an unknown query parameter',
  })
  @SendsJsonBytes()
  list(@Query() query: ListRecordsQueryDto): Promise<JsonBytes<RecordPage>> {
    return this.rpc.requestJson('records.record.list', {
      schemaId: query.schemaId,
      lifecycleStateId: query.lifecycleStateId,
      categoryId: query.categoryId,
      sku: query.sku,
      updatedSince: query.updatedSince,
      filters: query.filters?.map(({ attribute, scope, operator, value }) => ({ attribute, scope, operator, value })),
      completeFor: query.completeFor,
      completenessGte: query.completenessGte,
      completenessState: query.completenessState,
      sort: query.sort,
      cursor: query.cursor,
      offset: query.offset,
      limit: query.limit,
    });
  }

  @Post()
  @RequirePermission(Permissions.recordsWrite)
  @WithResponseHeaders({ recordEtag: true })
  @ApiOperation({ summary: 'Create a record', description: 'Starts in the initial lifecycle state of its schema.' })
  @ApiBody({ type: CreateRecordDto, examples: { seed: { value: createRecordExample } } })
  @ApiCreated('Record', { examples: { created: { value: recordExample } }, headers: { ETag: ETAG_HEADER }, location: (record: RecordDto) => `records/${record.id}` })
  @ApiBadRequestResponse({ description: 'Invalid values; `details` names each', examples: { invalidPrice: { summary: 'A price that is not a number', value: validationErrorExample } } })
  @ApiForbiddenResponse({ description: 'Role may not write records, or the plan\'s SKU limit is reached (code sku-limit-reached)' })
  @Idempotent('records.record.create')
  create(@Body() body: CreateRecordDto): Promise<RecordDto> {
    return this.rpc.request('records.record.create', { schemaId: body.schemaId, values: body.values, parentId: body.parentId });
  }

  @Get(':id')
  @RequirePermission(Permissions.recordsRead)
  @WithResponseHeaders({ recordEtag: true })
  @ApiOperation({
    summary: 'Get a record',
    description:
      'The ETag header is the record version (W/"<version>"), for If-Match on writes. Values as stored on the record. A variant (a record with a parentId) inherits, per attribute and scope, the values it does ' +
      'not set itself from its parent chain (nearest wins; unique attributes such as sku never inherit): `?resolved=true` shows ' +
      'them merged in, each inherited entry marked `inherited: true` with `inheritedFrom` (the ancestor record id). ' +
      'The stored view may come from the gateway\'s record cache: a write made through the same gateway is always seen by the ' +
      'next read; a write made elsewhere (another gateway, a change-set apply, an import) shows once its record event reaches ' +
      'the gateway, usually within milliseconds. `Cache-Control: no-cache` reads the current version from the records service.',
  })
  @ApiHeader({ name: 'Cache-Control', required: false, description: '`no-cache` (or `no-store`, `max-age=0`): read through the gateway\'s record cache.' })
  @ApiOk('ResolvedRecord', {
    examples: {
      stored: { summary: 'As stored', value: recordExample },
      resolvedVariant: { summary: 'A variant with ?resolved=true', value: resolvedVariantExample },
    },
    headers: { ETag: ETAG_HEADER },
  })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  get(@Param('id') id: string, @Query() query: RecordReadQueryDto, @ReadsThrough() fresh: boolean): Promise<RecordDto | ResolvedRecordDto> {
    return query.resolved ? this.rpc.request('records.record.get-resolved', { id }) : this.reads.get(id, fresh);
  }

  @Put(':id')
  @RequirePermission(Permissions.recordsWrite)
  @WithResponseHeaders({ recordEtag: true })
  @ApiOperation({ summary: 'Update a record', description: 'Replaces the scoped values of each attribute named; others stay.' })
  @ApiBody({ type: UpdateRecordDto, examples: { seed: { value: updateRecordExample } } })
  @ApiOk('Record', { examples: { updated: { value: recordExample } }, headers: { ETag: ETAG_HEADER } })
  @ApiBadRequestResponse({ description: 'Invalid values; `details` names each', examples: { invalidPrice: { summary: 'A price that is not a number', value: validationErrorExample } } })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  @ApiIfMatch()
  update(@Param('id') id: string, @Body() body: UpdateRecordDto, @IfMatchVersion() expectedVersion?: number): Promise<RecordDto> {
    return this.rpc.request('records.record.update', { id, values: body.values, expectedVersion });
  }

  @Patch(':id/values/:attr')
  @RequirePermission(Permissions.recordsWrite)
  @WithResponseHeaders({ recordEtag: true })
  @ApiOperation({ summary: 'Update a single attribute', description: 'Replaces one attribute\'s scoped values.' })
  @ApiBody({ type: PatchAttributeDto, examples: { seed: { value: patchAttributeExample } } })
  @ApiOk('Record', { examples: { updated: { value: recordExample } }, headers: { ETag: ETAG_HEADER } })
  @ApiBadRequestResponse({ description: 'Invalid values; `details` names each', examples: { invalidPrice: { summary: 'A price that is not a number', value: validationErrorExample } } })
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
  @ApiNoContentResponse({ description: 'Deleted, with its variants' })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  @ApiIfMatch()
  async delete(@Param('id') id: string, @IfMatchVersion() expectedVersion?: number): Promise<void> {
    await this.rpc.request('records.record.delete', { id, expectedVersion });
  }
}
