import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuditEntryDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { auditExample } from '../openapi/audit-examples';
import { AuditQueryDto } from './audit.dto';

@ApiTags('records')
@ApiBearerAuth()
@Controller('records')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/audit')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Get audit history',
    description:
      'Every create (each scoped value as a change from null), update (only what changed, per scope), delete and transition ' +
      '(attributeAlias "lifecycleState"), attributed to the user of the token. Entries are in commit order of the record, ' +
      '**oldest first** by default, as in the seed example (`order=desc` for newest first). Changes applied from a change set also carry ' +
      '`changeSetId` and `operationId`. Deleted records keep their history. Page with `offset`, or with the `after` cursor ' +
      'taken from the `X-Next-Cursor` response header; `X-Total-Count` gives the number of entries. Entries appear ' +
      'asynchronously, typically within milliseconds of the change.',
  })
  @ApiOkResponse({ schema: { example: auditExample } })
  @ApiHeader({ name: 'X-Total-Count', description: 'Entries in the record\'s history (response header)', required: false })
  @ApiNotFoundResponse({ description: 'No such record and no history for this id' })
  async audit(@Param('id') id: string, @Query() query: AuditQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuditEntryDto[]> {
    const page = await this.rpc.request('audit.entry.list', {
      entityId: id,
      limit: query.limit,
      offset: query.offset,
      order: query.order,
      after: query.after,
    });
    void reply.header('x-total-count', String(page.total));
    if (page.nextCursor) void reply.header('x-next-cursor', page.nextCursor);
    return page.items;
  }
}
