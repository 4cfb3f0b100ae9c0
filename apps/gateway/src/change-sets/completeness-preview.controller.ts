import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COMPLETENESS_PREVIEW_PAGE_MAX_LIMIT, type CompletenessPreviewPage, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';
import { CompletenessPreviewQueryDto } from './completeness-preview.dto';

const score = (filled: number, total: number) => ({ percentage: Math.round((100 * filled) / total), filled, total });

const previewExample = {
  items: [
    {
      operationId: 'op-1',
      type: 'update',
      entityId: 'ent-1',
      schemaId: 'schema-apparel',
      status: 'pending',
      countedChanges: 1,
      preview: {
        state: { lifecycleStateId: 'state-review', before: score(5, 6), after: score(6, 6), missingAfter: [] },
        next: [{ lifecycleStateId: 'state-published', transitionId: 'trans-review-to-published', before: score(5, 6), after: score(6, 6) }],
      },
    },
    {
      operationId: 'op-2',
      type: 'delete',
      entityId: 'ent-2',
      schemaId: 'schema-apparel',
      status: 'pending',
      countedChanges: 0,
      notPreviewed: { reason: 'delete', message: 'a delete leaves no record to score' },
    },
  ],
  summary: { recordsBecomingComplete: { 'state-review': 1, 'state-published': 1 }, operations: 1 },
  total: 2,
} satisfies CompletenessPreviewPage;

/** What a set would do to its records' completeness, operation by operation. */
@ApiTags('change-sets')
@Controller('change-sets/:id')
export class CompletenessPreviewController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('completeness-preview')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: "Preview a change set's effect on completeness",
    description:
      "Per operation, the record's completeness before and after its changes (`before`/`after`: percentage, filled and total slots), " +
      "for the record's current state (a create: its workflow's initial state, scored from no values) and for the target state of each " +
      'transition out of it that requires completeness, scored by the workflow service as GET /records/:id/completeness scores. Only the ' +
      'changes apply would write count: pending and approved operations, without their rejected changes; deletes and operations already ' +
      'rejected, applied or failed are listed with `notPreviewed`. Each operation is scored on its own against the record as it is now. ' +
      `Pages follow GET /change-sets/:id/operations (same order and cursor), \`limit\` at most ${COMPLETENESS_PREVIEW_PAGE_MAX_LIMIT}; ` +
      '`summary` counts, per state, the records of the page that are incomplete before and complete after.',
  })
  @ApiOk('CompletenessPreviewPage', { examples: { oneRecordCompleted: { value: previewExample } } })
  @ApiBadRequestResponse({ description: 'A bad cursor or limit (the field is named)' })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  preview(@Param('id') id: string, @Query() query: CompletenessPreviewQueryDto): Promise<CompletenessPreviewPage> {
    return this.rpc.request('change-sets.operation.preview-completeness', { id, cursor: query.cursor, limit: query.limit });
  }
}
