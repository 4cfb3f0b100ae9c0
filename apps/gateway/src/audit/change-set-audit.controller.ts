import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_LIST_DEFAULT_LIMIT, AUDIT_LIST_MAX_LIMIT, type AuditEntryDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';

export class ChangeSetAuditQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: AUDIT_LIST_DEFAULT_LIMIT, minimum: 1, maximum: AUDIT_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_LIST_MAX_LIMIT)
  limit = AUDIT_LIST_DEFAULT_LIMIT;

  @ApiPropertyOptional({ description: 'Cursor: continue after this entry id (nextCursor of the previous page)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}

/** What applying a change set wrote, as the audit trail holds it. */
@ApiTags('change-sets')
@Controller('change-sets/:id/audit')
export class ChangeSetAuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: "Audit entries a change set's apply wrote",
    description:
      'One entry per operation applied (create, update or delete of a record), each with the record, the changes as written and the ' +
      '`operationId`, by entry id (stable while entries are added). Page with `after` = `nextCursor`; it is absent on the last page. ' +
      'Entries appear asynchronously, typically within milliseconds of the write; an apply finishes only once its entries are recorded.',
  })
  @ApiOk('AuditEntryPage')
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  async list(@Param('id') id: string, @Query() query: ChangeSetAuditQueryDto): Promise<{ items: AuditEntryDto[]; nextCursor?: string }> {
    const page = await this.rpc.request('audit.entry.by-change-set', { changeSetId: id, limit: query.limit, ...(query.after && { after: query.after }) });
    // No entries: tell an unknown set (404) from one that wrote nothing yet (a large set's read is its summary).
    if (page.items.length === 0 && !query.after) await this.rpc.request('change-sets.change-set.get', { id });
    return page;
  }
}
