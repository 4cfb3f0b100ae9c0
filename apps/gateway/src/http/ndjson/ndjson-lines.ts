import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, ErrorCodes, type ValidationIssue } from '@sigma/contracts';
import { findBodyProblem } from '../../validation/body-shape';
import { toIssues } from '../../validation/validation.pipe';

export const NDJSON = 'application/x-ndjson';

/** The answer line of an input line refused before it reached a service. */
export interface FailedLine {
  line: number;
  status: 'failed';
  error: { code: string; message: string; details: ValidationIssue[] };
}

export type ParsedLine<T> = { line: number; ok: true; value: T } | { line: number; ok: false; result: FailedLine };

export interface NdjsonShape<T> {
  /** What one line is, for the refusal of an empty body ("one line per record"). */
  noun: string;
  maxLines: number;
  maxLineBytes: number;
  /** A line that is a JSON object in shape: its value, or the issues naming its fields. */
  read: (value: object) => T | { issues: ValidationIssue[] };
}

const failed = (line: number, message: string, details: ValidationIssue[]): FailedLine => ({
  line,
  status: 'failed',
  error: { code: ErrorCodes.validationFailed, message, details },
});

/**
 * Reads an NDJSON body into lines, each checked as the JSON endpoints check a body (size, shape
 * limits, finite numbers, then `shape.read`): a bad line is a failed result naming its fields, and
 * never stops the others. Blank lines are skipped but keep their numbers.
 */
export function readNdjsonLines<T>(body: unknown, shape: NdjsonShape<T>): ParsedLine<T>[] {
  if (typeof body !== 'string' || body.trim() === '') {
    throw DomainError.validation([{ field: 'body', rule: 'required', message: `an NDJSON body (content-type: ${NDJSON}) with one line per ${shape.noun}` }]);
  }
  const lines = body.split('\n').flatMap((text, index) => (text.trim() === '' ? [] : [{ line: index + 1, text }]));
  if (lines.length > shape.maxLines) {
    throw DomainError.validation([{ field: 'body', rule: 'maxLines', message: `must have at most ${shape.maxLines} lines (has ${lines.length})` }]);
  }
  return lines.map(({ line, text }) => readLine(line, text, shape));
}

function readLine<T>(line: number, text: string, shape: NdjsonShape<T>): ParsedLine<T> {
  const refuse = (message: string, details: ValidationIssue[]): ParsedLine<T> => ({ line, ok: false, result: failed(line, message, details) });
  const bytes = Buffer.byteLength(text);
  if (bytes > shape.maxLineBytes) {
    return refuse(`Line ${line} is too large`, [{ field: 'line', rule: 'maxBytes', message: `must be at most ${shape.maxLineBytes} bytes (is ${bytes})` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return refuse(`Line ${line} is not JSON`, [{ field: 'line', rule: 'json', message: (error as Error).message }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(`Line ${line} is not a JSON object`, [{ field: 'line', rule: 'object', message: 'must be a JSON object' }]);
  }
  const problem = findBodyProblem(value);
  if (problem) return refuse(`Line ${line} is out of shape`, [problem]);
  const read = shape.read(value);
  if (isRefusal(read)) return refuse(`Line ${line} is invalid`, read.issues);
  return { line, ok: true, value: read };
}

function isRefusal<T>(read: T | { issues: ValidationIssue[] }): read is { issues: ValidationIssue[] } {
  return typeof read === 'object' && read !== null && 'issues' in read && Array.isArray((read as { issues: unknown }).issues);
}

/** A line checked against a DTO class as the global pipe checks a body (whitelist, no unknown fields). */
export function validateLine<D extends object>(dtoClass: new () => D, value: object): { dto: D; issues: ValidationIssue[] } {
  const dto = plainToInstance(dtoClass, value);
  return { dto, issues: validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => toIssues(error, '')) };
}
