import { Readable } from 'node:stream';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  DomainError,
  IMPORT_BATCH_ROWS,
  IMPORT_ERRORS_KEPT,
  IMPORT_MAX_FILE_BYTES,
  IMPORT_MEDIA_TYPES,
  type ImportDto,
  type ImportRow,
  MAX_OPERATIONS_PER_CHANGE_SET,
  Permissions,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { fileKindOf, limitBytes, readRows } from './import-file';
import { CreateImportDto } from './imports.dto';

/** A batch of rows is diffed against many records and written as one append: more than a single read. */
const BATCH_TIMEOUT_MS = 60_000;

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: 'Create an import',
    description:
      'An import reads a supplier or ERP file into a draft change set, created now (source from the request, createdBy the caller). ' +
      'It waits for its file (PUT /imports/:id/file). Key column: the SKU (`keyColumn`, default `sku`). `mapping` maps column headers ' +
      'to attribute and scope; without it, headers follow the export column convention (`<alias>`, `<alias>@<dimension>=<segment>+…`) ' +
      'so a file from GET /records/export can be edited and imported back; its `id` column is ignored.',
  })
  @ApiCreated('Import', { location: (created: ImportDto) => `imports/${created.id}` })
  @ApiNotFoundResponse({ description: 'Unknown schema' })
  create(@Body() body: CreateImportDto): Promise<ImportDto> {
    return this.rpc.request('change-sets.import.create', body);
  }

  @Get(':id')
  @RequirePermission(Permissions.changeSetsRead)
  @ApiOperation({
    summary: 'Get an import',
    description:
      'Its status (waiting-for-file, running, completed, failed) and counts, readable while the file is read: rows read, operations ' +
      `created and updated, unchanged rows, errors (all counted, the first ${IMPORT_ERRORS_KEPT} listed with row and column) and the draft change set.`,
  })
  @ApiOk('Import')
  @ApiNotFoundResponse({ description: 'Unknown import' })
  get(@Param('id') id: string): Promise<ImportDto> {
    return this.rpc.request('change-sets.import.get', { id });
  }

  @Put(':id/file')
  @HttpCode(200)
  @RequirePermission(Permissions.changeSetsPropose)
  @ApiOperation({
    summary: "Send an import's file",
    description:
      `The body is the file itself, \`${IMPORT_MEDIA_TYPES.csv}\` (a header row, then one row per record) or \`${IMPORT_MEDIA_TYPES.xlsx}\` ` +
      `(its first worksheet), at most ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MiB, read as it streams in, in batches of ${IMPORT_BATCH_ROWS} rows. ` +
      'Each row with a known SKU becomes an update proposing only the cells that differ from the record\'s current value in that ' +
      'attribute × scope (with that value as oldValue); a row equal everywhere is counted unchanged; an unknown SKU becomes a create ' +
      'with every non-empty cell. An EMPTY cell means "no data": it changes nothing (it never clears a value). Cells are read by the ' +
      'attribute\'s data type: text, rich text and URLs as they are; number and integer as decimals; boolean true/false; date ISO ' +
      '8601 (YYYY-MM-DD); select one of its options; multiselect a JSON array (as exports write it) or comma-separated options. A cell ' +
      'that does not read, a row without SKU and a header naming no attribute are errors with row and column, and never stop the ' +
      `other rows. A change set holds at most ${MAX_OPERATIONS_PER_CHANGE_SET} operations: rows past that are reported as errors. ` +
      'Answers the final summary; GET /imports/:id shows progress meanwhile. Only the import\'s creator sends its file, once.',
  })
  @ApiConsumes(IMPORT_MEDIA_TYPES.csv, IMPORT_MEDIA_TYPES.xlsx)
  @ApiBody({ description: 'The file (CSV or XLSX)', schema: { type: 'string', format: 'binary' } })
  @ApiOk('Import')
  @ApiBadRequestResponse({
    description: 'Another content type, an empty file, or one that does not read as CSV / XLSX (`details` names `body`); once rows were read, the import fails',
  })
  @ApiForbiddenResponse({ description: 'Not the import\'s creator, or a role that may not propose change sets' })
  @ApiNotFoundResponse({ description: 'Unknown import' })
  @ApiConflictResponse({ description: 'The import already has its file' })
  @ApiPayloadTooLargeResponse({ description: `A file over ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MiB; the import fails` })
  async upload(@Param('id') id: string, @Body() body: unknown, @Headers('content-type') contentType: string | undefined): Promise<ImportDto> {
    const kind = fileKindOf(contentType);
    if (!kind || !(body instanceof Readable)) throw fileError(`The body must be a ${Object.values(IMPORT_MEDIA_TYPES).join(' or ')} file`);
    const rows = readRows(body.pipe(limitBytes(IMPORT_MAX_FILE_BYTES)), kind)[Symbol.asyncIterator]();
    const header = await rows.next().catch((error: unknown) => Promise.reject(asFileError(error)));
    if (header.done) throw fileError('The file is empty: it needs a header row');
    await this.rpc.request('change-sets.import.start', { id, columns: header.value.cells });
    let batch: ImportRow[] = [];
    const send = async () => {
      if (batch.length === 0) return;
      const chunk = batch;
      batch = [];
      await this.rpc.request('change-sets.import.rows', { id, rows: chunk }, { timeoutMs: BATCH_TIMEOUT_MS });
    };
    try {
      for (let next = await rows.next(); !next.done; next = await rows.next()) {
        batch.push(next.value);
        if (batch.length === IMPORT_BATCH_ROWS) await send();
      }
      await send();
    } catch (error) {
      const failure = asFileError(error);
      // Rows already handed over before the file stopped reading still count (a batch that failed to send is not sent again).
      await send().catch(() => undefined);
      await this.rpc.request('change-sets.import.finish', { id, failure: failure.message });
      throw failure;
    }
    return this.rpc.request('change-sets.import.finish', { id });
  }
}

function fileError(message: string): DomainError {
  return DomainError.validation([{ field: 'body', rule: 'file', message }], message);
}

/** A parser's complaint names the body; domain errors (too large, refused) stay as they are. */
function asFileError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  return fileError(`The file does not read: ${error instanceof Error ? error.message : String(error)}`);
}
