import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AnnotationDto, type ChangeSetDto, type MessageDto, type PendingChangeDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { AnnotateDto, PostMessageDto, RateDto } from './change-sets.dto';

@ApiTags('change-sets')
@ApiBearerAuth()
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
      seed: { value: { attributeAlias: 'short-description', rating: 'good' } },
      scoped: { summary: 'One language of several', value: { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, rating: 'bad' } },
    },
  })
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
      seed: { value: { attributeAlias: 'short-description', text: 'premium cotton', startOffset: 28, endOffset: 42, sentiment: 'good', note: 'Good use of material specification' } },
      scoped: {
        summary: 'The Danish text of a product name proposed in two languages',
        value: { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, text: 'skjorte', startOffset: 8, endOffset: 15, sentiment: 'good' },
      },
    },
  })
  @ApiCreatedResponse({
    description: 'The annotation, id snip_…',
    schema: {
      example: {
        id: 'snip_abc12345',
        operationId: 'cop-enrich-1',
        attributeAlias: 'short-description',
        scope: {},
        text: 'premium cotton',
        startOffset: 25,
        endOffset: 39,
        sentiment: 'good',
        note: 'Good use of material specification',
        createdBy: 'user-reviewer',
        createdAt: '2025-03-01T12:00:00.000Z',
      } satisfies AnnotationDto,
    },
  })
  annotate(@Param('id') id: string, @Param('opId') operationId: string, @Body() body: AnnotateDto): Promise<AnnotationDto> {
    return this.rpc.request('change-sets.operation.annotate', { id, operationId, ...body });
  }

  @Delete('change-sets/:id/annotations/:annotationId')
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({ summary: 'Remove a snippet annotation' })
  @ApiOkResponse({ schema: { example: { deleted: true } } })
  deleteAnnotation(@Param('id') id: string, @Param('annotationId') annotationId: string): Promise<{ deleted: true }> {
    return this.rpc.request('change-sets.annotation.delete', { id, annotationId });
  }

  @Get('change-sets/:id/messages')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({ summary: 'Get feedback messages (chronological)' })
  messages(@Param('id') id: string): Promise<MessageDto[]> {
    return this.rpc.request('change-sets.message.list', { id });
  }

  @Post('change-sets/:id/messages')
  @RequirePermission(Permissions.changeSetsMessage)
  @ApiOperation({
    summary: 'Send a message (any status except draft)',
    description: 'authorId must be the caller (from the token) and authorType "agent" exactly for the agent role; operationId, when given, must be an operation of the set.',
  })
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
  pendingChanges(@Param('id') id: string): Promise<PendingChangeDto[]> {
    return this.rpc.request('change-sets.record.pending-changes', { entityId: id });
  }
}
