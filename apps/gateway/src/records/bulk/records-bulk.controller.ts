import { Body, Controller, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  BULK_ATOMIC_MAX_BYTES,
  BULK_MAX_LINES,
  type BulkLineResult,
  type BulkUpsertRequest,
  DomainError,
  ErrorCodes,
  Permissions,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../../auth/auth.decorators';
import { bytesOf, chunkLines, NDJSON_CHUNK_LINES } from '../../http/ndjson/ndjson-chunks';
import { NDJSON } from '../../http/ndjson/ndjson-lines';
import { ref } from '../../openapi/schemas';
import { BulkQueryDto } from './bulk-query.dto';
import { readBulkLines } from './bulk-lines';

@ApiTags('records')
@Controller('records')
export class RecordsBulkController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('bulk')
  @HttpCode(200)
  @Header('content-type', NDJSON)
  @RequirePermission(Permissions.recordsWrite)
  @ApiOperation({
    summary: 'Upsert records in bulk (NDJSON)',
    description:
      `For trusted integrations that may write records directly (editor or admin role, or a service account's API key with one). ` +
      `The body is NDJSON (\`content-type: ${NDJSON}\`), one BulkUpsertLine per line, at most ${BULK_MAX_LINES} lines: the key is \`id\` ` +
      'or `sku` (the global sku value); a record found by it is updated (each attribute named in `values` replaced, as PUT does), none ' +
      'creates one in `schemaId`. Each line is an ordinary record write: versioned, validated and audited like a single write. The answer ' +
      'is NDJSON too, one BulkLineResult per non-blank input line, in input order. `atomic=false` (default): every line on its own, a ' +
      `failed line writes nothing and the others commit (in transactions of up to ${NDJSON_CHUNK_LINES} lines). \`atomic=true\`: all or ` +
      'nothing, one transaction: if any line fails, the failed lines say why and every other line is `rolled-back` (nothing written); ' +
      `an atomic batch must fit in ${BULK_ATOMIC_MAX_BYTES} bytes of JSON (413 otherwise). A key given twice in one request fails on its ` +
      'later lines. Not idempotent: a retry of a lost answer upserts again (an unchanged line answers `unchanged`).',
  })
  @ApiConsumes(NDJSON)
  @ApiBody({ schema: ref('BulkUpsertLine'), description: 'NDJSON: one BulkUpsertLine per line' })
  @ApiProduces(NDJSON)
  @ApiOkResponse({ description: 'NDJSON: one BulkLineResult per input line, in input order', content: { [NDJSON]: { schema: ref('BulkLineResult') } } })
  @ApiBadRequestResponse({ description: 'No body, or more lines than allowed (`details` names `body`); a bad line fails alone, on its answer line' })
  @ApiForbiddenResponse({ description: 'Role may not write records' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 16 MiB, or an atomic batch over its size (code payload-too-large)' })
  async upsert(@Body() body: unknown, @Query() query: BulkQueryDto): Promise<string> {
    const parsed = readBulkLines(body);
    const lines: BulkUpsertRequest['lines'] = parsed.flatMap((entry) => (entry.ok ? [{ ...entry.value, line: entry.line }] : []));
    const refused = new Map(parsed.flatMap((entry) => (entry.ok ? [] : [[entry.line, entry.result] as const])));
    const written = new Map<number, BulkLineResult>();
    if (query.atomic) {
      const bytes = bytesOf(lines);
      if (bytes > BULK_ATOMIC_MAX_BYTES) {
        throw new DomainError(ErrorCodes.payloadTooLarge, `An atomic batch must be at most ${BULK_ATOMIC_MAX_BYTES} bytes of JSON (is ${bytes}); send it in smaller batches or atomic=false`, {
          reason: 'atomic-batch-too-large',
          bytes,
          maxBytes: BULK_ATOMIC_MAX_BYTES,
        });
      }
      // A line refused here fails the batch before anything is written.
      const results = refused.size > 0 ? lines.map((line): BulkLineResult => ({ line: line.line, status: 'rolled-back' })) : await this.send(lines, true);
      for (const result of results) written.set(result.line, result);
    } else {
      for (const chunk of chunkLines(lines, BULK_ATOMIC_MAX_BYTES)) for (const result of await this.send(chunk, false)) written.set(result.line, result);
    }
    return parsed.map((entry) => `${JSON.stringify(refused.get(entry.line) ?? written.get(entry.line))}\n`).join('');
  }

  private send(lines: BulkUpsertRequest['lines'], atomic: boolean): Promise<BulkLineResult[]> {
    if (lines.length === 0) return Promise.resolve([]);
    // A batch of writes takes longer than a single read or write; still bounded by the line caps.
    return this.rpc.request('records.record.bulk-upsert', { lines, atomic }, { timeoutMs: 60_000 });
  }
}
