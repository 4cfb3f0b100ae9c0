import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ChangeSetDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { decideChangesExample } from '../openapi/change-set-examples';
import { REVIEW_ANSWER_NOTE } from '../openapi/change-set-examples';
import { ApiOk } from '../openapi/responses';
import { DecideChangesDto } from './change-decisions.dto';

@ApiTags('change-sets')
@Controller('change-sets/:id/operations/:opId/changes')
export class ChangeDecisionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('decide')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Approve or reject single changes of an operation (pending_approval only)',
    description:
      'Decides changes (attribute × scope) of one operation; a change may be decided again while the set is in review. The operation follows ' +
      'its changes: pending while any of its changes is undecided, then approved when at least one change is approved, rejected when ' +
      'every change is. As with deciding operations, the set is decided once no operation is pending. Apply writes exactly the approved changes ' +
      'of each approved operation (a create creates the record with them only). Approving or rejecting a whole operation or set decides the ' +
      'changes still undecided; resubmitting clears every decision.',
  })
  @ApiBody({ type: DecideChangesDto, examples: { mixed: { summary: 'Keep the description, drop the German name', value: decideChangesExample } } })
  @ApiOk('ChangeSet', { description: `The change set; each change shows its \`decision\`. ${REVIEW_ANSWER_NOTE}` })
  @ApiBadRequestResponse({ description: 'A decision names a change the operation does not propose, an ambiguous scope, or a change twice; `details` names the entry' })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({ description: 'The set is not pending approval (code conflict), or a change to approve is stale without allowStale (code stale-change, details per change)' })
  decide(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: DecideChangesDto): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.operation.decide-changes', {
      id,
      operationId,
      decisions: body.decisions,
      reviewNote: body.reviewNote,
      ...(body.allowStale !== undefined && { allowStale: body.allowStale }),
    });
  }
}
