import { Body, Controller, Header, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  APPEND_CHUNK_LINES,
  APPEND_MAX_LINES,
  type AppendLineResult,
  type AppendOperationsRequest,
  BULK_MAX_LINE_BYTES,
  COMPUTED_FILTER_SCAN_LIMIT,
  type DecideOperationsResult,
  MAX_OPERATIONS_PER_CHANGE_SET,
  type OperationInput,
  Permissions,
  REVIEW_ANSWER_MAX_OPERATIONS,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { chunkLines } from '../http/ndjson/ndjson-chunks';
import { NDJSON, readNdjsonLines, validateLine } from '../http/ndjson/ndjson-lines';
import { ApiOk } from '../openapi/responses';
import { LARGE_SET_TIMEOUT_MS } from './large-set-timeout';
import { ref } from '../openapi/schemas';
import { OperationDto } from './change-sets.dto';
import { DecideOperationsDto } from './large-sets.dto';

/** A chunk of an append travels as one bus message (gzipped past 128 KB): well under the bus's limit. */
const APPEND_CHUNK_MAX_BYTES = 900 * 1024;

/** Large sets: NDJSON intake of operations and decisions by filter. */
@ApiTags('change-sets')
@Controller('change-sets/:id/operations')
export class LargeSetsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(200)
  @Header('content-type', NDJSON)
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Append operations as NDJSON (draft or revision_requested)',
    description:
      `The body is NDJSON (\`content-type: ${NDJSON}\`), one operation per line in the shape of PUT's operations, at most ` +
      `${APPEND_MAX_LINES} lines per request; send a large set in several requests (chunks): a set holds up to ` +
      `${MAX_OPERATIONS_PER_CHANGE_SET.toLocaleString('en-US')} operations. The answer is NDJSON too, one AppendLineResult per ` +
      'non-blank input line, in input order: `added` with its operationId, or `failed` with the fields at fault (a bad line fails ' +
      `alone; once the set is full, every later line fails with rule maxSize). Lines are added in chunks of ${APPEND_CHUNK_LINES}, ` +
      "each in its own transaction, after the set's existing operations. Only the set's creator may (403). Not idempotent: a retry " +
      'of a lost answer appends again.',
  })
  @ApiConsumes(NDJSON)
  @ApiBody({ type: OperationDto, description: 'NDJSON: one operation per line' })
  @ApiProduces(NDJSON)
  @ApiOkResponse({ description: 'NDJSON: one AppendLineResult per input line, in input order', content: { [NDJSON]: { schema: ref('AppendLineResult') } } })
  @ApiBadRequestResponse({ description: 'No body, or more lines than allowed (`details` names `body`)' })
  @ApiForbiddenResponse({ description: 'Not the creator of the set' })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Neither draft nor revision_requested' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 16 MiB (code payload-too-large)' })
  async append(@Param('id') id: string, @Body() body: unknown): Promise<string> {
    const parsed = readNdjsonLines<OperationInput>(body, {
      noun: 'operation',
      maxLines: APPEND_MAX_LINES,
      maxLineBytes: BULK_MAX_LINE_BYTES,
      read: (value) => {
        const { dto, issues } = validateLine(OperationDto, value);
        if (issues.length) return { issues };
        return { type: dto.type, ...(dto.entityId !== undefined && { entityId: dto.entityId }), schemaId: dto.schemaId, changes: dto.changes };
      },
    });
    const lines: AppendOperationsRequest['lines'] = parsed.flatMap((entry) => (entry.ok ? [{ ...entry.value, line: entry.line }] : []));
    const answers = new Map<number, AppendLineResult>(parsed.flatMap((entry) => (entry.ok ? [] : [[entry.line, entry.result] as const])));
    for (const chunk of chunkLines(lines, APPEND_CHUNK_MAX_BYTES, APPEND_CHUNK_LINES)) {
      const results = await this.rpc.request('change-sets.operation.append', { id, lines: chunk }, { timeoutMs: LARGE_SET_TIMEOUT_MS });
      for (const result of results) answers.set(result.line, result);
    }
    return parsed.map((entry) => `${JSON.stringify(answers.get(entry.line))}\n`).join('');
  }

  @Post('decide')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsReview)
  @ApiOperation({
    summary: 'Approve or reject every operation matching a filter (pending_approval only)',
    description:
      'Decides, in one statement, every pending operation matching `filter` (the filters of GET /change-sets/:id/operations; {} ' +
      'matches all), with its undecided changes (changes decided one by one keep their decision). Operations matching but already ' +
      'decided are counted as `unchanged`. Deciding the last pending operation decides the set: approved if any operation is ' +
      `approved, else rejected. With \`stale\` or \`invalid\` every matching operation is checked against the records (not only ` +
      `${COMPUTED_FILTER_SCAN_LIMIT} as a page does). Approving operations with a stale change needs \`allowStale: true\` (else 409 ` +
      `stale-change listing them). Answers the counts, never the operations (see operationSummary; review calls answer the set ` +
      `only while it has at most ${REVIEW_ANSWER_MAX_OPERATIONS} operations).`,
  })
  @ApiBody({ type: DecideOperationsDto, examples: { approveAllCreates: { value: { decision: 'approve', filter: { type: 'create' } } } } })
  @ApiOk('DecideOperationsResult', { examples: { approved: { value: { approved: 10000, rejected: 0, unchanged: 0, status: 'approved', operationSummary: { pending: 0, approved: 10000, rejected: 0, applied: 0, failed: 0 } } } } })
  @ApiNotFoundResponse({ description: 'Unknown change set' })
  @ApiConflictResponse({ description: 'Not pending approval (code conflict), or stale changes without allowStale (code stale-change, details per change)' })
  decide(@Param('id') id: string, @Body() body: DecideOperationsDto): Promise<DecideOperationsResult> {
    return this.rpc.request(
      'change-sets.operation.decide',
      { id, decision: body.decision, filter: { ...body.filter }, ...(body.reviewNote !== undefined && { reviewNote: body.reviewNote }), ...(body.allowStale !== undefined && { allowStale: body.allowStale }) },
      { timeoutMs: LARGE_SET_TIMEOUT_MS },
    );
  }
}
