import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { type ChangeSetInsights, INSIGHTS_DEFAULT_PERIOD_DAYS, INSIGHTS_MAX_PERIOD_DAYS, INSIGHTS_MAX_ROWS, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';

export class InsightsQueryDto {
  @ApiPropertyOptional({ description: `Start of the period (ISO 8601); default ${INSIGHTS_DEFAULT_PERIOD_DAYS} days before to`, example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'End of the period, exclusive (ISO 8601); default now', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

@ApiTags('change-sets')
@Controller('change-sets')
export class InsightsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('insights')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'Review insights',
    description:
      'Over the sets whose latest submission falls in [from, to) (at most ' +
      `${INSIGHTS_MAX_PERIOD_DAYS} days): per source type, per source (source.id, else type:name), per agent and per attribute, how many ` +
      'proposed changes reviewers decided and approved (acceptanceRate = approved ÷ decided; an operation decided as a whole decides ' +
      'its changes), and per source the time from submission to the reviewer\'s decision (approve, reject or request a revision), ' +
      `p50 and p95 in seconds. Each breakdown lists at most ${INSIGHTS_MAX_ROWS} rows, most decided first.`,
  })
  @ApiOk('ChangeSetInsights')
  insights(@Query() query: InsightsQueryDto): Promise<ChangeSetInsights> {
    return this.rpc.request('change-sets.change-set.insights', { from: query.from, to: query.to });
  }
}
