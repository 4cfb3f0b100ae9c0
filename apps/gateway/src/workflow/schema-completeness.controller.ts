import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Permissions, type SchemaCompletenessReport } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';

/** Re-scoring reads every record of the schema: allow for large schemas (the default request timeout is for single records). */
const REPORT_TIMEOUT_MS = 10 * 60_000;

export class SchemaCompletenessQueryDto {
  @ApiPropertyOptional({ example: 'state-published', description: "Score every record against this state instead of each record's current one" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  lifecycleStateId?: string;
}

/** The demo workspace scored against state-published. */
const reportExample: SchemaCompletenessReport = {
  schemaId: 'schema-apparel',
  lifecycleStateId: 'state-published',
  records: 4,
  complete: 0,
  averagePercentage: 55.3,
  buckets: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((from) => ({
    from,
    to: from === 100 ? 100 : from + 9,
    records: ({ 10: 1, 60: 2, 70: 1 } as Record<number, number>)[from] ?? 0,
  })),
  mostMissing: [
    { attributeAlias: 'description', scope: { 'dim-language': 'seg-de' }, records: 4 },
    { attributeAlias: 'description', scope: { 'dim-language': 'seg-da' }, records: 3 },
    { attributeAlias: 'material', scope: {}, records: 2 },
    { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, records: 2 },
  ],
  unscored: [],
  scoredAt: '2024-01-18T08:00:00.000Z',
  durationMs: 9,
};

@ApiTags('records')
@Controller('schemas')
export class SchemaCompletenessController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':schemaId/completeness')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Completeness of every record of a schema',
    description:
      "Re-scores every record of the schema with the rule of GET /records/:id/completeness: each record against its own current state, or with " +
      '?lifecycleStateId every record against that state. Answers counts, not records: `records` scored, `complete` (every visible required slot ' +
      'filled), `averagePercentage` (mean of the records\' percentages, one decimal; null with no records), `buckets` of rounded percentages ' +
      '0–9 … 90–99 and 100, `mostMissing` (the 20 slots missed by most records; ties by alias, then scope), and `unscored` (records whose current ' +
      "state is not a state of the schema's workflow, by state). 404 for an unknown schema or one without a workflow; 400 for an unknown " +
      'lifecycleStateId or an unknown query parameter. Reads the records page by page; takes seconds for 100,000 records.',
  })
  @ApiOk('SchemaCompletenessReport', { examples: { published: { value: reportExample } } })
  @ApiNotFoundResponse({ description: 'Unknown schema, or the schema has no workflow' })
  @ApiBadRequestResponse({ description: 'lifecycleStateId is not a state of the workflow, or an unknown query parameter' })
  report(@Param('schemaId') schemaId: string, @Query() query: SchemaCompletenessQueryDto): Promise<SchemaCompletenessReport> {
    return this.rpc.request('workflow.completeness.report', { schemaId, lifecycleStateId: query.lifecycleStateId }, { timeoutMs: REPORT_TIMEOUT_MS });
  }
}
