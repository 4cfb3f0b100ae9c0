import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Permissions, type SchemaCompletenessReport } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';

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
  current: true,
  pendingRecords: 0,
  pendingSince: null,
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
      "Completeness of every record of the schema with the rule of GET /records/:id/completeness: each record against its own current state, or with " +
      '?lifecycleStateId every record against that state. Answers counts, not records: `records` scored, `complete` (every visible required slot ' +
      'filled), `averagePercentage` (mean of the records\' percentages, one decimal; null with no records), `buckets` of rounded percentages ' +
      '0–9 … 90–99 and 100, `mostMissing` (the 20 slots missed by most records; ties by alias, then scope), and `unscored` (records whose current ' +
      "state is not a state of the schema's workflow, by state). Answered from scores kept on every record write (milliseconds at any number " +
      'of records): `scoredAt` is the instant the figures are of. After a change of the workflow\'s required attributes, the schema or a ' +
      'dimension the records are re-scored in the background; until that is done `current` is false, `pendingRecords` counts the records ' +
      'still to re-score and `pendingSince` says when the change was made (the figures then hold those records\' previous scores). ' +
      '404 for an unknown schema or one without a workflow; 400 for an unknown lifecycleStateId or an unknown query parameter.',
  })
  @ApiOk('SchemaCompletenessReport', { examples: { published: { value: reportExample } } })
  @ApiNotFoundResponse({ description: 'Unknown schema, or the schema has no workflow' })
  @ApiBadRequestResponse({ description: 'lifecycleStateId is not a state of the workflow, or an unknown query parameter' })
  report(@Param('schemaId') schemaId: string, @Query() query: SchemaCompletenessQueryDto): Promise<SchemaCompletenessReport> {
    return this.rpc.request('workflow.completeness.report', { schemaId, lifecycleStateId: query.lifecycleStateId });
  }
}
