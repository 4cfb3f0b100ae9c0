import type { BulkLineResult, BulkUpsertLine, ValidationIssue, ValuesMap } from '@sigma/contracts';

export type KeyedLine = BulkUpsertLine & { line: number };

/** What one line becomes once its key is looked up: a write, or a refusal before any write. */
export type LinePlan =
  | { line: number; kind: 'update'; id: string; values: ValuesMap; expectedVersion?: number }
  | { line: number; kind: 'create'; schemaId: string; values: ValuesMap; id?: string }
  | { line: number; kind: 'refused'; result: BulkLineResult };

/** Record ids found for the lines' keys: by id (exists) and by sku (every record holding it). */
export interface FoundKeys {
  ids: ReadonlySet<string>;
  bySku: ReadonlyMap<string, string[]>;
}

const refused = (line: number, message: string, issue: ValidationIssue): LinePlan => ({
  line,
  kind: 'refused',
  result: { line, status: 'failed', error: { code: 'validation-failed', message, details: [issue] } },
});

/** The key a line is matched on, as text for duplicate detection. */
const keyOf = (line: BulkUpsertLine): string => (line.id !== undefined ? `id:${line.id}` : `sku:${line.sku}`);

/**
 * Turns keyed lines into writes: an existing record (by id, else by its global sku) is updated,
 * none creates one. A key given twice in one request is refused on its later lines (which record
 * each should reach would depend on order); a sku held by several records is refused as ambiguous.
 */
export function planBulkUpsert(lines: readonly KeyedLine[], found: FoundKeys): LinePlan[] {
  const firstLineOf = new Map<string, number>();
  return lines.map((input): LinePlan => {
    const key = keyOf(input);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      return refused(input.line, `The key ${key} is also on line ${first}`, { field: input.id !== undefined ? 'id' : 'sku', rule: 'unique-in-request', message: `also on line ${first}` });
    }
    firstLineOf.set(key, input.line);
    const existing = input.id !== undefined ? (found.ids.has(input.id) ? [input.id] : []) : (found.bySku.get(input.sku as string) ?? []);
    if (existing.length > 1) {
      return refused(input.line, `The sku '${input.sku}' is held by ${existing.length} records`, { field: 'sku', rule: 'ambiguous', message: `held by records ${existing.join(', ')}` });
    }
    if (existing.length === 1) return { line: input.line, kind: 'update', id: existing[0], values: input.values, expectedVersion: input.expectedVersion };
    if (input.expectedVersion !== undefined) {
      return refused(input.line, 'expectedVersion names a version of a record that does not exist', { field: 'expectedVersion', rule: 'exists', message: 'no record has this key' });
    }
    if (!input.schemaId) return refused(input.line, 'No record has this key, and a create needs a schemaId', { field: 'schemaId', rule: 'required', message: 'required to create' });
    const values = input.sku !== undefined && !input.values.sku ? { ...input.values, sku: [{ scope: {}, value: input.sku }] } : input.values;
    return { line: input.line, kind: 'create', schemaId: input.schemaId, values, id: input.id };
  });
}
