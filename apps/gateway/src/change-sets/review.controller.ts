import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type ChangeSetDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { REVIEW_ANSWER_NOTE } from '../openapi/change-set-examples';
import { ApiOk } from '../openapi/responses';
import { ApproveDto, RequestRevisionDto, ReviewNoteDto } from './change-sets.dto';
import { LARGE_SET_TIMEOUT_MS } from './large-set-timeout';

@ApiTags('change-sets')
@Controller('change-sets/:id')
export class ReviewController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('submit')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Submit for approval (draft only)',
    description:
      'Stores the operations as revision 1 (GET /change-sets/:id/revisions). ' +
      'Checks there is at least one operation, schemas exist, a create names no entity, update/delete name an existing record of that schema, ' +
      'every change targets an attribute of the schema, and every proposed value passes the checks a record write makes: a scope of the ' +
      'attribute\'s dimensions and segments, one value per scope, the data type and rules (options, pattern, min/max, lengths), and ' +
      'uniqueness against the other records and within the set. Fails with 422 (code gate-failed) otherwise, one detail per offending ' +
      'change `{ field, rule, message, attributeAlias, scope }` (e.g. field `operations[2].changes[0].newValue`, rule `dataType`, `options`, `unique`).',
  })
  @ApiOk('ChangeSet', { description: `The change set, now pending_approval. ${REVIEW_ANSWER_NOTE}` })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Not a draft, or the set was edited while it was being checked (submit again)' })
  @ApiUnprocessableEntityResponse({ description: 'The set cannot go to review; `details` lists each problem by field (code gate-failed)' })
  submit(@Param('id') id: string): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.submit', { id }, { timeoutMs: LARGE_SET_TIMEOUT_MS });
  }

  @Post('approve')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Approve all pending operations (pending_approval only)',
    description: 'A pending operation with a stale change (flagged `stale` when read) is approved only with `allowStale: true`; otherwise 409 stale-change.',
  })
  @ApiBody({ type: ApproveDto, required: false })
  @ApiOk('ChangeSet', { description: `The change set, now approved. ${REVIEW_ANSWER_NOTE}` })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Not pending approval (code conflict), or stale changes without allowStale (code stale-change, details per change)' })
  approve(@Param('id') id: string, @Body() body: ApproveDto = {}): Promise<ChangeSetDto> {
    return this.rpc.request(
      'change-sets.change-set.approve',
      { id, reviewNote: body.reviewNote, ...(body.allowStale !== undefined && { allowStale: body.allowStale }) },
      { timeoutMs: LARGE_SET_TIMEOUT_MS },
    );
  }

  @Post('reject')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({ summary: 'Reject all pending operations (pending_approval only)' })
  @ApiBody({ type: ReviewNoteDto, required: false })
  @ApiOk('ChangeSet', { description: `The change set, now rejected. ${REVIEW_ANSWER_NOTE}` })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Not pending approval' })
  reject(@Param('id') id: string, @Body() body: ReviewNoteDto = {}): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.reject', { id, reviewNote: body.reviewNote }, { timeoutMs: LARGE_SET_TIMEOUT_MS });
  }

  @Post('operations/:opId/approve')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Approve one operation',
    description:
      'Deciding the last pending operation decides the set: approved if any operation is approved, else rejected. ' +
      'An operation with a stale change (flagged `stale` when read) is approved only with `allowStale: true`; otherwise 409 stale-change.',
  })
  @ApiBody({ type: ApproveDto, required: false })
  @ApiOk('ChangeSet', { description: REVIEW_ANSWER_NOTE })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({
    description: 'The set is not pending approval, or the operation is already decided (code conflict); stale changes without allowStale (code stale-change)',
  })
  approveOperation(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: ApproveDto = {}): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.operation.approve', {
      id,
      operationId,
      reviewNote: body.reviewNote,
      ...(body.allowStale !== undefined && { allowStale: body.allowStale }),
    });
  }

  @Post('operations/:opId/reject')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({ summary: 'Reject one operation' })
  @ApiBody({ type: ReviewNoteDto, required: false })
  @ApiOk('ChangeSet', { description: REVIEW_ANSWER_NOTE })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({ description: 'The set is not pending approval, or the operation is already decided' })
  rejectOperation(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: ReviewNoteDto = {}): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.operation.reject', { id, operationId, reviewNote: body.reviewNote });
  }

  @Post('request-revision')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Request a revision from the source (pending_approval only)',
    description:
      'Increments revisionCount and stores feedbackSummary { good, bad, unrated, snippets, message } counted over the ratings and annotations. ' +
      'requestedBy must be the caller; the message is also posted to the thread.',
  })
  @ApiOk('ChangeSet', { description: `The change set, now revision_requested, with its feedbackSummary. ${REVIEW_ANSWER_NOTE}` })
  @ApiForbiddenResponse({ description: 'requestedBy is not the caller' })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Not pending approval' })
  requestRevision(@Param('id') id: string, @Body() body: RequestRevisionDto): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.request-revision', { id, requestedBy: body.requestedBy, message: body.message });
  }

  @Post('resubmit')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Resubmit after a revision request (revision_requested only)',
    description:
      'Sends the set, with the edits made since the request (PUT, PATCH and DELETE on its operations), back to review as its next ' +
      'revision (GET /change-sets/:id/revisions; `revision` on the set): validates it as submit does (422 gate-failed), resets every ' +
      'operation to pending and returns to pending_approval. revisionCount was counted by the request and is not incremented again.',
  })
  @ApiOk('ChangeSet', { description: `The change set, pending approval again. ${REVIEW_ANSWER_NOTE}` })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'No revision was requested, or the set was edited while it was being checked (resubmit again)' })
  @ApiUnprocessableEntityResponse({ description: 'The set cannot go to review (the checks of submit); `details` lists each problem by field (code gate-failed)' })
  resubmit(@Param('id') id: string): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.resubmit', { id }, { timeoutMs: LARGE_SET_TIMEOUT_MS });
  }
}
