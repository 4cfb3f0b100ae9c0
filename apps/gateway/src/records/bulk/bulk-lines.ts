import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BULK_MAX_LINE_BYTES, BULK_MAX_LINES, type BulkLineResult, type BulkUpsertLine, DomainError, type ValidationIssue } from '@sigma/contracts';
import { findBodyProblem } from '../../validation/body-shape';
import { toIssues } from '../../validation/validation.pipe';
import { BulkUpsertLineDto } from './bulk-line.dto';

export type ParsedLine = { line: number; ok: true; value: BulkUpsertLine } | { line: number; ok: false; result: BulkLineResult };

const failed = (line: number, message: string, details: ValidationIssue[]): ParsedLine => ({
  line,
  ok: false,
  result: { line, status: 'failed', error: { code: 'validation-failed', message, details } },
});

/**
 * Reads an NDJSON body into lines, each checked as the JSON endpoints check a body (shape limits,
 * finite numbers, the DTO's rules, `id` or `sku`): a bad line is a failed result naming its
 * fields, and never stops the others. Blank lines are skipped but keep their numbers.
 */
export function readBulkLines(body: unknown): ParsedLine[] {
  if (typeof body !== 'string' || body.trim() === '') {
    throw DomainError.validation([{ field: 'body', rule: 'required', message: 'an NDJSON body (content-type: application/x-ndjson) with one line per record' }]);
  }
  const texts = body.split('\n');
  const lines = texts.flatMap((text, index) => (text.trim() === '' ? [] : [{ line: index + 1, text }]));
  if (lines.length > BULK_MAX_LINES) {
    throw DomainError.validation([{ field: 'body', rule: 'maxLines', message: `must have at most ${BULK_MAX_LINES} lines (has ${lines.length})` }]);
  }
  return lines.map(({ line, text }) => readLine(line, text));
}

function readLine(line: number, text: string): ParsedLine {
  const bytes = Buffer.byteLength(text);
  if (bytes > BULK_MAX_LINE_BYTES) {
    return failed(line, `Line ${line} is too large`, [{ field: 'line', rule: 'maxBytes', message: `must be at most ${BULK_MAX_LINE_BYTES} bytes (is ${bytes})` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return failed(line, `Line ${line} is not JSON`, [{ field: 'line', rule: 'json', message: (error as Error).message }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failed(line, `Line ${line} is not a JSON object`, [{ field: 'line', rule: 'object', message: 'must be a JSON object' }]);
  }
  const shape = findBodyProblem(value);
  if (shape) return failed(line, `Line ${line} is out of shape`, [shape]);
  const dto = plainToInstance(BulkUpsertLineDto, value);
  const issues = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => toIssues(error, ''));
  if (dto.id === undefined && dto.sku === undefined) issues.push({ field: 'id', rule: 'required', message: 'a line needs an id or a sku' });
  if (issues.length) return failed(line, `Line ${line} is invalid`, issues);
  const { id, sku, schemaId, values, expectedVersion } = dto;
  return { line, ok: true, value: { id, sku, schemaId, values, expectedVersion } };
}
