import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiForbiddenResponse, ApiGatewayTimeoutResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  type ApplyAccepted,
  type ApplyResult,
  CHANGE_SET_PAGE_MAX_JSON_BYTES,
  COMPUTED_FILTER_SCAN_LIMIT,
  type ChangeSetDto,
  type ChangeSetStats,
  LIST_EMBEDDED_OPERATIONS,
  OPERATION_PAGE_MAX_LIMIT,
  type OperationPage,
  Permissions,
  READ_ANSWER_MAX_OPERATIONS,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import {
  applyAcceptedExample,
  applyResultExample,
  changeSetExample,
  changeSetStatsExample,
  createChangeSetExample,
  draftChangeSetExample,
  operationPageExample,
  REVIEW_ANSWER_NOTE,
} from '../openapi/change-set-examples';
import { API_PREFIX } from '../api-prefix';
import { ApiAccepted, ApiCreated, ApiOk, TOTAL_COUNT_HEADER } from '../openapi/responses';
import { AddOperationsDto, CreateChangeSetDto, ListChangeSetsQueryDto, OperationPageQueryDto } from './change-sets.dto';

/** The service answers within its quick-answer window (at most 50 s); this only bounds a lost reply. */
const APPLY_TIMEOUT_MS = 60_000;

@ApiTags('change-sets')
@Controller('change-sets')
export class ChangeSetsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'List change sets',
    description:
      'Newest first. Filter by status, sourceType, schemaId; page with offset/limit (X-Total-Count header). Each set embeds at most its first ' +
      `${LIST_EMBEDDED_OPERATIONS} operations (all the operations of an ordinary set), fewer when the page would pass ` +
      `${CHANGE_SET_PAGE_MAX_JSON_BYTES / 1024} KiB of JSON; \`operationCount\` is the set's total: read the rest with GET /change-sets/:id/operations.`,
  })
  @ApiOk(['ChangeSet'], { examples: { page: { value: [changeSetExample] } }, headers: { 'X-Total-Count': TOTAL_COUNT_HEADER } })
  async list(@Query() query: ListChangeSetsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ChangeSetDto[]> {
    const page = await this.rpc.request('change-sets.change-set.list', { ...query });
    void reply.header('x-total-count', String(page.total));
    return page.items;
  }

  @Get('stats')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'Get stats',
    description:
      'pending: sets in pending_approval; approvedThisWeek: sets approved in the last 7 days; totalApplied: applied or partially applied; ' +
      'activeSourceCount: distinct sources with a set not yet applied, rejected or deleted.',
  })
  @ApiOk('ChangeSetStats', { examples: { stats: { value: changeSetStatsExample } } })
  stats(): Promise<ChangeSetStats> {
    return this.rpc.request('change-sets.change-set.stats', {});
  }

  @Post()
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Create a change set',
    description:
      'Status draft; operations may be empty and added later with PUT. entityName/entitySku are filled from the records. ' +
      '`source` is descriptive (what proposed the changes) and is not an identity: the creating user is `createdBy`, taken from the ' +
      'token. A token with the agent role cannot send `source.type: "user"` (400, rule matches-token): an agent does not present its ' +
      'proposals as a person\'s. Messages likewise: authorId must be the token\'s user (403) and authorType match the role (400).',
  })
  @ApiBody({ type: CreateChangeSetDto, examples: { seed: { value: createChangeSetExample } } })
  @ApiCreated('ChangeSet', { examples: { draft: { value: draftChangeSetExample } }, location: (set: ChangeSetDto) => `change-sets/${set.id}` })
  @Idempotent('change-sets.change-set.create')
  create(@Body() body: CreateChangeSetDto): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.create', body);
  }

  @Get(':id')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'Get a change set',
    description:
      'With operations, proposed changes, ratings and annotations; applyProgress while applying. Until the set is applied or rejected, ' +
      'a change of a pending or approved update whose oldValue no longer equals the record\'s current value carries `stale: true` and ' +
      '`currentValue`, compared with the records at read time. A set of more than ' +
      `${READ_ANSWER_MAX_OPERATIONS} operations answers its summary instead (\`operations: []\`, \`operationsOmitted: true\`, ` +
      '`operationSummary` with the counts by status, and `applyProgress`): read its operations with GET /change-sets/:id/operations.',
  })
  @ApiOk('ChangeSet', { examples: { pending: { value: changeSetExample } } })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  get(@Param('id') id: string): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.get', { id });
  }

  @Get(':id/operations')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: "Page through a change set's operations",
    description:
      `In set order, \`limit\` (default 100, at most ${OPERATION_PAGE_MAX_LIMIT}) per page, cut short at about ` +
      `${CHANGE_SET_PAGE_MAX_JSON_BYTES / 1024} KiB of JSON. Pass \`nextCursor\` as \`cursor\` for the next page; it is absent on the ` +
      'last. `total` is the number of operations in the set. Operations carry their annotations and stale flags (`stale`, `currentValue`), ' +
      'as in GET /change-sets/:id. Filters (all given must hold): status, type, entityId, attributeAlias, segment (a scope holding it), ' +
      `stale and invalid (compared with the records: a page then examines at most ${COMPUTED_FILTER_SCAN_LIMIT} operations and may hold ` +
      'fewer than `limit`, even none, with a nextCursor to go on). A cursor is only meant for the same filter.',
  })
  @ApiOk('OperationPage', { examples: { onePage: { value: operationPageExample } } })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  operations(@Param('id') id: string, @Query() query: OperationPageQueryDto): Promise<OperationPage> {
    const { cursor, limit, ...filter } = query;
    return this.rpc.request('change-sets.operation.list', { id, cursor, limit, filter });
  }

  @Put(':id')
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Add operations (draft or revision_requested)',
    description:
      'Appends operations after the existing ones, in a draft or, to revise a proposal a reviewer sent back, in revision_requested ' +
      "(then resubmit). Only the set's creator may (403). PATCH and DELETE /change-sets/:id/operations/:opId replace or remove one.",
  })
  @ApiOk('ChangeSet', { description: `The change set with the operations added. ${REVIEW_ANSWER_NOTE}` })
  @ApiForbiddenResponse({ description: 'Not the creator of the set' })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Neither draft nor revision_requested' })
  addOperations(@Param('id') id: string, @Body() body: AddOperationsDto): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.add-operations', { id, operations: body.operations });
  }

  @Delete(':id')
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({ summary: 'Delete a change set (draft only)' })
  @ApiOk('Deleted')
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Not a draft' })
  delete(@Param('id') id: string): Promise<{ deleted: true }> {
    return this.rpc.request('change-sets.change-set.delete', { id });
  }

  @Post(':id/apply')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Apply approved changes to entities',
    description:
      'Approved operations are applied, each atomically (all its changes or none); rejected ones are skipped; an operation that fails ' +
      '(validation, missing entity, SKU limit, or `conflict` when a change\'s oldValue no longer matches) is listed in errors and changes nothing. ' +
      'An operation counts as applied once the audit trail has recorded it. Status becomes `applied` when no approved operation failed, else ' +
      '`partially_applied`. Apply is idempotent: repeating it returns the stored result, and a run interrupted by any crash resumes. ' +
      'While it runs the set is `applying`, with `applyProgress` ({applied, failed, done, total}); progress is also published on the NATS ' +
      'subject `change-sets.apply.progressed` and as the metric `sigma_change_set_apply_operations`. An apply that finishes within the ' +
      'quick-answer window (APPLY_QUICK_ANSWER_MS, 10 s by default) answers 200 with the result; a longer one answers 202 with a ' +
      '`Location` to poll (GET /change-sets/:id) while it runs on; repeating the POST then answers 202 again, or 200 with the result once done.',
  })
  @ApiOk('ApplyResult', { examples: { applied: { value: applyResultExample } } })
  @ApiAccepted('ApplyAccepted', {
    examples: { applying: { value: applyAcceptedExample } },
    headers: { Location: { description: 'The change set to poll', schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Neither approved nor applying' })
  @ApiGatewayTimeoutResponse({ description: 'The change-set service did not answer; the apply, if started, continues' })
  @Idempotent('change-sets.change-set.apply')
  async apply(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplyResult | ApplyAccepted> {
    const answer = await this.rpc.request('change-sets.change-set.apply', { id }, { timeoutMs: APPLY_TIMEOUT_MS });
    if (answer.state === 'finished') return answer.result;
    void reply.status(202).header('location', `/${API_PREFIX}/change-sets/${encodeURIComponent(id)}`);
    return { changeSetId: id, status: 'applying', applyProgress: answer.applyProgress };
  }

  @Post(':id/revert')
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Propose reverting an applied change set',
    description:
      'Reverting is proposing: on an applied or partially_applied set, creates a new draft set of yours (source: you, type user, or ' +
      'agent for an agent\'s token; title "Revert: <title>") with the inverse of what ' +
      'the apply wrote, read from its audit entries, last operation first. An update sets back each value it moved: its change carries ' +
      'the applied value as `oldValue` (so a later edit shows it as stale) and the value before as `newValue` (null: clear it); a create ' +
      'becomes a delete of the created record; a delete becomes a create with the old values (a new record; variants deleted with it ' +
      'are not recreated). Submit, review and apply it as any set.',
  })
  @ApiCreated('ChangeSet', { examples: { draft: { value: draftChangeSetExample } }, location: (set: ChangeSetDto) => `change-sets/${set.id}` })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Neither applied nor partially_applied' })
  revert(@Param('id') id: string): Promise<ChangeSetDto> {
    return this.rpc.request('change-sets.change-set.revert', { id });
  }
}
