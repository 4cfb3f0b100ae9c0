import { Readable, Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DomainError, ErrorCodes, IMPORT_MEDIA_TYPES, type ImportRow } from '@sigma/contracts';

export type ImportFileKind = keyof typeof IMPORT_MEDIA_TYPES;

/** The file kind of a content type (parameters such as charset ignored). */
export function fileKindOf(contentType: string | undefined): ImportFileKind | undefined {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return (Object.keys(IMPORT_MEDIA_TYPES) as ImportFileKind[]).find((kind) => IMPORT_MEDIA_TYPES[kind] === mediaType);
}

/** Fails the stream once more than `maxBytes` went through: a streamed body has no parser limit. */
export function limitBytes(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) return callback(new DomainError(ErrorCodes.payloadTooLarge, `An import file must be at most ${maxBytes} bytes`));
      callback(null, chunk);
    },
  });
}

/**
 * The rows of a file as they stream in (never the whole file in memory), each with its row number
 * (the header is row 1) and its cells as text. CSV: records in order (blank lines skipped). XLSX:
 * the first worksheet, rows numbered as the sheet numbers them.
 */
export function readRows(body: Readable, kind: ImportFileKind): AsyncIterable<ImportRow> {
  return kind === 'csv' ? csvRows(body) : xlsxRows(body);
}

async function* csvRows(body: Readable): AsyncIterable<ImportRow> {
  const parser = body.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  body.on('error', (error) => parser.destroy(error));
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    yield { row, cells: record };
  }
}

async function* xlsxRows(body: Readable): AsyncIterable<ImportRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  let first = true;
  for await (const worksheet of reader) {
    // Later worksheets are read through (the zip streams in order) but not imported.
    for await (const sheetRow of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (!first) continue;
      const values = Array.isArray(sheetRow.values) ? sheetRow.values.slice(1) : [];
      yield { row: sheetRow.number, cells: Array.from(values, cellText) };
    }
    first = false;
  }
}

/** A spreadsheet cell as the text a CSV would hold: dates as ISO (a date alone when at midnight UTC), formulas by their result. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}
