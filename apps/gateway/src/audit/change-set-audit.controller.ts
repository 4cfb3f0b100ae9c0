import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags, PickType } from '@nestjs/swagger';
import { type AuditEntryDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';
import { AuditQueryDto } from './audit.dto';

/** The record audit's paging by cursor (offset and order do not apply: entries come by id). */
export class ChangeSetAuditQueryDto extends PickType(AuditQueryDto, ['limit', 'after'] as const) {}

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
