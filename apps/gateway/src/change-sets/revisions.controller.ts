import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type ChangeSetDto, Permissions, REVISION_DIFF_MAX_ENTRIES, type RevisionDiffDto, type RevisionSummaryDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { replaceChangesExample, revisionDiffExample, revisionsExample } from '../openapi/change-set-examples';
import { REVIEW_ANSWER_NOTE } from '../openapi/change-set-examples';
import { ApiOk } from '../openapi/responses';
import { ReplaceChangesDto, RevisionParamsDto } from './change-sets.dto';

const EDITABLE = 'In draft and revision_requested only (409 otherwise), by the set\'s creator only (403 otherwise).';

/** The source revises its proposal; reviewers see what changed between revisions. */
@ApiTags('change-sets')
@Controller('change-sets/:id')
export class RevisionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Patch('operations/:opId')
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: "Replace an operation's changes",
    description:
      `${EDITABLE} The operation keeps its id, type and record; its changes become the body's. A rating stays on a change ` +
      '(attributeAlias × scope) whose proposed value is unchanged; on a change whose value changed or that is gone, its rating and ' +
      'annotations are dropped. Values are checked against the schema at (re)submit, as for a create.',
  })
  @ApiBody({ type: ReplaceChangesDto, examples: { revised: { value: replaceChangesExample } } })
  @ApiOk('ChangeSet', { description: `The change set with the operation revised. ${REVIEW_ANSWER_NOTE}` })
  @ApiForbiddenResponse({ description: 'Not the creator of the set' })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({ description: 'Neither draft nor revision_requested' })
  replaceChanges(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: ReplaceChangesDto): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.operation.replace-changes', { id, operationId, changes: body.changes });
  }

  @Delete('operations/:opId')
  @HttpCode(204)
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Remove an operation',
    description: `${EDITABLE} The operation goes with its ratings and annotations; earlier revisions still show what it proposed.`,
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiForbiddenResponse({ description: 'Not the creator of the set' })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({ description: 'Neither draft nor revision_requested' })
  async removeOperation(@Param('id') id: string, @Param('opId') operationId: string): Promise<void> {
    await this.rpc.request('change-sets.operation.remove', { id, operationId });
  }

  @Get('revisions')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: "List a change set's revisions",
    description: 'Oldest first: submit stores revision 1, each resubmit the next; a draft has none. `revisionCount` on the set counts revision requests.',
  })
  @ApiOk(['RevisionSummary'], { examples: { resubmittedOnce: { value: revisionsExample } } })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  revisions(@Param('id') id: string): Promise<RevisionSummaryDto[]> {
    return this.rpc.request('change-sets.revision.list', { id });
  }

  @Get('revisions/:n/diff')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'What changed since a revision',
    description:
      'Compares revision n with the operations as they are now (in revision_requested, including the edits not yet resubmitted): ' +
      'operations added and removed (a replaced operation keeps its id), and for operations on both sides each change ' +
      '(attributeAlias × scope) added, removed or whose proposed value changed, with both values. `counts` are complete; the lists ' +
      `hold at most ${REVISION_DIFF_MAX_ENTRIES} entries in all (about 512 KiB of JSON), and \`truncated\` says some were left out.`,
  })
  @ApiOk('RevisionDiff', { examples: { revised: { value: revisionDiffExample } } })
  @ApiBadRequestResponse({ description: 'n is not a positive integer' })
  @ApiNotFoundResponse({ description: 'Unknown change set, or it has no revision n' })
  diff(@Param() params: RevisionParamsDto): Promise<RevisionDiffDto> {
    return this.rpc.request('change-sets.revision.diff', { id: params.id, revision: params.n });
  }
}
