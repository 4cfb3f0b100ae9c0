import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AnnotationDto, type ChangeSetDto, type MessageDto, type PendingChangeDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { annotationExample, messageExample, pendingChangeExample, rateExample, REVIEW_ANSWER_NOTE } from '../openapi/change-set-examples';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { AnnotateDto, PostMessageDto, RateDto } from './change-sets.dto';

@ApiTags('change-sets')
@Controller()
export class FeedbackController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('change-sets/:id/operations/:opId/rate')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Rate an attribute change good or bad (pending_approval only)',
    description:
      'Rates one proposed change: the operation\'s change to attributeAlias, in `scope` when the operation proposes that attribute in ' +
      'several scopes (e.g. one per language). A later rating of the same change replaces the earlier one.',
  })
  @ApiBody({
    type: RateDto,
    examples: {
      seed: { value: rateExample },
      scoped: { summary: 'One language of several', value: { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, rating: 'bad' } satisfies RateDto },
    },
  })
  @ApiOk('ChangeSet', { description: `The change set with the rating. ${REVIEW_ANSWER_NOTE}` })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({ description: 'Not pending approval' })
  rate(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: RateDto): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.operation.rate', { id, operationId, ...body });
  }

  @Post('change-sets/:id/operations/:opId/annotate')
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Annotate a snippet of a proposed text (pending_approval only)',
    description:
      'Annotates one proposed change: the operation\'s change to attributeAlias, in `scope` when the operation proposes that attribute in ' +
      'several scopes. The snippet must occur in that change\'s proposed text value and the offsets must lie inside it. When the offsets do not ' +
      'point at the text (clients count characters differently), the annotation is re-anchored to the occurrence nearest startOffset; the stored ' +
      'offsets and the change\'s scope are returned.',
  })
  @ApiBody({
    type: AnnotateDto,
    examples: {
      seed: {
        value: {
          attributeAlias: 'short-description',
          text: 'premium cotton',
          startOffset: 28,
          endOffset: 42,
          sentiment: 'good',
          note: 'Good use of material specification',
        } satisfies AnnotateDto,
      },
      scoped: {
        summary: 'The Danish text of a product name proposed in two languages',
        value: {
          attributeAlias: 'product-name',
          scope: { 'dim-language': 'seg-da' },
          text: 'skjorte',
          startOffset: 8,
          endOffset: 15,
          sentiment: 'good',
        } satisfies AnnotateDto,
      },
    },
  })
  @ApiCreated('Annotation', {
    description: 'The annotation, id snip_…, with the offsets it is stored at',
    examples: { seed: { value: annotationExample } },
    location: (annotation: AnnotationDto, params) => `change-sets/${params.id}/annotations/${annotation.id}`,
  })
  @ApiNotFoundResponse({ description: 'Unknown change set or operation' })
  @ApiConflictResponse({ description: 'Not pending approval' })
  annotate(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: AnnotateDto): Promise<AnnotationDto> {
    return this.rpc.request('change-sets.operation.annotate', { id, operationId, ...body });
  }

  @Delete('change-sets/:id/annotations/:annotationId')
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({ summary: 'Remove a snippet annotation' })
  @ApiOk('Deleted')
  @ApiNotFoundResponse({ description: 'Unknown change set or annotation' })
  deleteAnnotation(@Param('id') id: string, @Param('annotationId') annotationId: string): Promise<{ deleted: true }> {
    return this.rpc.request('change-sets.annotation.delete', { id, annotationId });
  }

  @Get('change-sets/:id/messages')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({ summary: 'Get feedback messages (chronological)' })
  @ApiOk(['Message'], { examples: { thread: { value: [messageExample] } } })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  messages(@Param('id') id: string): Promise<MessageDto[]> {
    return this.rpc.request('change-sets.message.list', { id });
  }

  @Post('change-sets/:id/messages')
  @RequirePermission(Permissions.changeSetsMessage)
  @ApiOperation({
    summary: 'Send a message (any status except draft)',
    description: 'authorId must be the caller (from the token) and authorType "agent" exactly for the agent role; operationId, when given, must be an operation of the set.',
  })
  @ApiCreated('Message', {
    examples: { posted: { value: messageExample } },
    // A message has no address of its own: Location names the thread it joined.
    location: (message: MessageDto) => `change-sets/${message.changeSetId}/messages`,
  })
  @ApiForbiddenResponse({ description: 'authorId is not the caller' })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'The change set is a draft' })
  postMessage(@Param('id') id: string, @Body() body: PostMessageDto): Promise<MessageDto> {
    return this.rpc.request('change-sets.message.post', { id, ...body });
  }

  @Get('records/:id/pending-changes')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'Pending change-set operations targeting a record',
    description:
      'The operations that may still change the record: those pending or approved (not rejected, applied or failed), of change sets ' +
      'not yet applied or rejected (pending_approval, revision_requested, approved), each with its operation status; newest set first, ' +
      'operations in set order. Drafts are left out. 404 for an unknown record.',
  })
  @ApiOk(['PendingChange'], { examples: { pending: { value: [pendingChangeExample] } } })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  pendingChanges(@Param('id') id: string): Promise<PendingChangeDto[]> {
    return this.rpc.request('change-sets.record.pending-changes', { entityId: id });
  }
}
