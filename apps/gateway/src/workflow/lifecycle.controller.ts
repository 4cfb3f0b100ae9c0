import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type CompletenessDto, Permissions, type RecordDto, type TransitionDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiIfMatch, IfMatchVersion } from '../concurrency/if-match';
import { RecordEtagInterceptor } from '../concurrency/record-etag.interceptor';
import { completenessExample, transitionsExample } from '../openapi/lifecycle-examples';
import { recordExample } from '../openapi/record-examples';
import { CompletenessQueryDto, TransitionRequestDto } from './workflow.dto';

@ApiTags('records')
@ApiBearerAuth()
@Controller('records')
export class LifecycleController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/completeness')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Get completeness score',
    description:
      'Dimension-aware (a slot per combination of the attribute\'s dimensions\' segments; the global value fills none of them), ' +
      'state-aware (the state\'s required attributes) and guard-aware (hidden guarded attributes count neither filled nor missing). ' +
      'percentage = round(100 * filled / total), 100 when total is 0. An unknown lifecycleStateId is a 400.',
  })
  @ApiOkResponse({ schema: { example: completenessExample } })
  @ApiNotFoundResponse()
  completeness(@Param('id') id: string, @Query() query: CompletenessQueryDto): Promise<CompletenessDto> {
    return this.rpc.request('workflow.completeness.get', { entityId: id, lifecycleStateId: query.lifecycleStateId });
  }

  @Get(':id/transitions')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({ summary: 'Get available transitions', description: 'The transitions that start from the record\'s current state.' })
  @ApiOkResponse({ schema: { example: transitionsExample } })
  @ApiNotFoundResponse()
  transitions(@Param('id') id: string): Promise<TransitionDto[]> {
    return this.rpc.request('workflow.transition.list-available', { entityId: id });
  }

  @Post(':id/transition')
  @HttpCode(200)
  // Any signed-in caller may ask: the transition's allowedRoleIds decide (403 in the workflow service).
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Execute lifecycle transition',
    description:
      'Gates, in order: 404 unknown record or transition; 409 the transition does not start from the record\'s current state ' +
      '(also when a concurrent transition moved it first); 403 none of the caller\'s roles is in allowedRoleIds; ' +
      '422 (code gate-failed) requiresCompleteness and the record is below 100% for the target state, details carry the missing slots. ' +
      'Who may run a transition is only its allowedRoleIds (an admin may let reviewers publish). The completeness gate holds under ' +
      'concurrent edits: the state moves only from the version that was scored; an edit that lands in between makes the service score ' +
      'again, and a record that keeps changing answers 409 (code stale-write) with its current version, never a published incomplete record. ' +
      'The move is audited as action "transition" with attributeAlias "lifecycleState".',
  })
  @ApiBody({ type: TransitionRequestDto, examples: { seed: { value: { transitionId: 'trans-draft-to-review' } } } })
  @ApiOkResponse({ schema: { example: { ...recordExample, lifecycleStateId: 'state-review', updatedAt: '2024-01-18T08:00:00Z' } } })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  @ApiForbiddenResponse()
  @ApiUnprocessableEntityResponse()
  @ApiIfMatch()
  @UseInterceptors(RecordEtagInterceptor)
  transition(@Param('id') id: string, @Body() body: TransitionRequestDto, @IfMatchVersion() expectedVersion?: number): Promise<RecordDto> {
    return this.rpc.request('workflow.transition.run', { entityId: id, transitionId: body.transitionId, expectedVersion });
  }
}
