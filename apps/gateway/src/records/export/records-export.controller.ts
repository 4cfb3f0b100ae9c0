import { PassThrough, Readable } from 'node:stream';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { Permissions, type RecordColumn, recordColumns, type RecordDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../../auth/auth.decorators';
import { EXPORT_MAX_RECORDS, headerRow, openExport, recordRow } from './export-rows';
import { type ExportFormat, ExportRecordsQueryDto } from './export-query.dto';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

@ApiTags('records')
@Controller('records')
export class RecordsExportController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('export')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Export records as CSV or XLSX',
    description:
      'Streams the records of one schema that match the filters of GET /records (lifecycleStateId, categoryId, sku, updatedSince, ' +
      `filters), oldest first, at most ${EXPORT_MAX_RECORDS.toLocaleString('en-US')} per file (narrow with filters for more). Columns: \`id\`, then each ` +
      'attribute over every scope its dimensions allow, named `<alias>` (global) or `<alias>@<dimensionId>=<segmentId>` (pairs joined by ' +
      '`+`). Cells: text as it is, numbers and booleans as written, lists (multiselect) as JSON, no value as empty. The same convention ' +
      'is what a file imported back is read with. An unknown schema is a 404 before anything is sent.',
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'The file, streamed (Content-Disposition: attachment)',
    content: { [CONTENT_TYPES.csv]: { schema: { type: 'string' } }, [CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } } },
  })
  async export(@Query() query: ExportRecordsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const [schema, dimensions] = await Promise.all([this.rpc.request('records.schema.get', { id: query.schemaId }), this.rpc.request('records.dimension.list', {})]);
    const columns = recordColumns(schema.attributes, dimensions);
    const records = await openExport(this.rpc, {
      schemaId: schema.id,
      lifecycleStateId: query.lifecycleStateId,
      categoryId: query.categoryId,
      sku: query.sku,
      updatedSince: query.updatedSince,
      filters: query.filters?.map(({ attribute, scope, operator, value }) => ({ attribute, scope, operator, value })),
      completeFor: query.completeFor,
      completenessGte: query.completenessGte,
      completenessState: query.completenessState,
    });
    const body = query.format === 'xlsx' ? xlsxStream(columns, records) : csvStream(columns, records);
    await reply
      .header('content-type', CONTENT_TYPES[query.format])
      .header('content-disposition', `attachment; filename="${schema.id}.${query.format}"`)
      .send(body);
  }
}

function csvStream(columns: readonly RecordColumn[], records: AsyncIterable<RecordDto>): Readable {
  async function* rows() {
    yield headerRow(columns);
    for await (const record of records) yield recordRow(record, columns);
  }
  return Readable.from(rows()).pipe(stringify());
}

function xlsxStream(columns: readonly RecordColumn[], records: AsyncIterable<RecordDto>): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('records');
  void (async () => {
    sheet.addRow(headerRow(columns)).commit();
    for await (const record of records) sheet.addRow(recordRow(record, columns)).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: Error) => out.destroy(error));
  return out;
}
