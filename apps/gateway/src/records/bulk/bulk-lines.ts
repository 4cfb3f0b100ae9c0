import { BULK_MAX_LINE_BYTES, BULK_MAX_LINES, type BulkUpsertLine } from '@sigma/contracts';
import { type ParsedLine, readNdjsonLines, validateLine } from '../../http/ndjson/ndjson-lines';
import { BulkUpsertLineDto } from './bulk-line.dto';

/** The lines of POST /records/bulk: each a BulkUpsertLine with an `id` or a `sku`. */
export function readBulkLines(body: unknown): ParsedLine<BulkUpsertLine>[] {
  return readNdjsonLines<BulkUpsertLine>(body, {
    noun: 'record',
    maxLines: BULK_MAX_LINES,
    maxLineBytes: BULK_MAX_LINE_BYTES,
    read: (value) => {
      const { dto, issues } = validateLine(BulkUpsertLineDto, value);
      if (dto.id === undefined && dto.sku === undefined) issues.push({ field: 'id', rule: 'required', message: 'a line needs an id or a sku' });
      if (issues.length) return { issues };
      const { id, sku, schemaId, values, expectedVersion } = dto;
      return { id, sku, schemaId, values, expectedVersion };
    },
  });
}
