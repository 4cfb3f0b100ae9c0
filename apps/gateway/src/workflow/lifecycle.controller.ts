import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type CompletenessDto, Permissions, type RecordDto, type TransitionDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiIfMatch, IfMatchVersion } from '../concurrency/if-match';
import { WithResponseHeaders } from '../http/response-headers';
import { completenessExample, completenessGateExample, transitionsExample } from '../openapi/lifecycle-examples';
import { ApiOk, ETAG_HEADER } from '../openapi/responses';
import { recordExample } from '../openapi/record-examples';
import { CompletenessQueryDto, TransitionRequestDto } from './workflow.dto';

@ApiTags('records')
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
  @ApiOk('Completeness', { examples: { draft: { value: completenessExample } } })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  completeness(@Param('id') id: string, @Query() query: CompletenessQueryDto): Promise<CompletenessDto> {
    return this.rpc.request('workflow.completeness.get', { entityId: id, lifecycleStateId: query.lifecycleStateId });
  }

  @Get(':id/transitions')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({ summary: 'Get available transitions', description: 'The transitions that start from the record\'s current state.' })
  @ApiOk(['Transition'], { examples: { fromReview: { value: transitionsExample } } })
  @ApiNotFoundResponse({ description: 'Unknown record' })
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
  @ApiBody({ type: TransitionRequestDto, examples: { seed: { value: { transitionId: 'trans-draft-to-review' } satisfies TransitionRequestDto } } })
  @ApiOk('Record', {
    examples: { inReview: { value: { ...recordExample, lifecycleStateId: 'state-review', updatedAt: '2024-01-18T08:00:00Z' } satisfies RecordDto } },
    headers: { ETag: ETAG_HEADER },
  })
  @ApiNotFoundResponse({ description: 'Unknown record or transition' })
  @ApiConflictResponse({ description: 'The transition does not start from the record\'s current state' })
  @ApiForbiddenResponse({ description: 'None of the caller\'s roles is in the transition\'s allowedRoleIds' })
  @ApiUnprocessableEntityResponse({
    description: 'The record is below 100% for the target state (code gate-failed); details carry the missing slots',
    examples: { incomplete: { summary: 'Required values missing', value: completenessGateExample } },
  })
  @ApiIfMatch()
  @WithResponseHeaders({ recordEtag: true })
  transition(@Param('id') id: string, @Body() body: TransitionRequestDto, @IfMatchVersion() expectedVersion?: number): Promise<RecordDto> {
    return this.rpc.request('workflow.transition.run', { entityId: id, transitionId: body.transitionId, expectedVersion });
  }
}
