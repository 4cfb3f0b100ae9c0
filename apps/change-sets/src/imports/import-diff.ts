import { type AttributeDto, type ImportRow, type ImportRowError, jsonEqual, type OperationInput, type ProposedChangeInput, type Scope, type ValuesMap } from '@sigma/contracts';
import type { ResolvedColumns } from './import-columns';
import { SKU_ALIAS } from './import-columns';
import { parseCell } from './parse-cell';

export interface CurrentRecord {
  id: string;
  values: ValuesMap;
}

export interface RowOperation {
  row: number;
  operation: OperationInput;
}

export interface RowsDiff {
  operations: RowOperation[];
  unchangedRows: number;
  errors: ImportRowError[];
}

/**
 * A batch of rows as operations on the schema's records, keyed by SKU. A known SKU gives an update
 * with one change per cell whose value differs from the record's value in that attribute × scope,
 * carrying that value as oldValue (null: none), so a later write to the record shows as stale; a row
 * equal to the record everywhere counts as unchanged and gives nothing. An unknown SKU gives a create
 * with every non-empty cell and the SKU. An empty cell is "no data": it changes nothing (it never
 * clears a value). A cell that does not parse is an error on its row and column and is skipped; a
 * row without SKU, or repeating one of an earlier row of the batch, is an error and gives nothing.
 */
export function diffRows(
  rows: readonly ImportRow[],
  resolved: ResolvedColumns & { keyColumn: string },
  attributes: ReadonlyMap<string, Pick<AttributeDto, 'dataType' | 'rules'>>,
  current: ReadonlyMap<string, CurrentRecord>,
  schemaId: string,
): RowsDiff {
  const diff: RowsDiff = { operations: [], unchangedRows: 0, errors: [] };
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of rows) {
    const sku = resolved.keyIndex < 0 ? '' : (cells[resolved.keyIndex] ?? '').trim();
    if (sku === '') {
      diff.errors.push({ row, column: resolved.keyColumn, message: 'No SKU: the row is skipped' });
      continue;
    }
    const earlier = firstRowOf.get(sku);
    if (earlier !== undefined) {
      diff.errors.push({ row, column: resolved.keyColumn, message: `SKU '${sku}' is also on row ${earlier}: the row is skipped` });
      continue;
    }
    firstRowOf.set(sku, row);
    const record = current.get(sku);
    const changes: ProposedChangeInput[] = [];
    let rowErrors = 0;
    for (const column of resolved.columns) {
      const text = cells[column.index] ?? '';
      if (text.trim() === '') continue;
      const attribute = attributes.get(column.attributeAlias);
      if (!attribute) continue;
      const parsed = parseCell(text, attribute);
      if (!parsed.ok) {
        diff.errors.push({ row, column: column.name, message: parsed.message });
        rowErrors += 1;
        continue;
      }
      if (!record) {
        changes.push({ attributeAlias: column.attributeAlias, scope: column.scope, newValue: parsed.value });
        continue;
      }
      const oldValue = valueAt(record.values, column.attributeAlias, column.scope);
      if (!jsonEqual(oldValue, parsed.value)) changes.push({ attributeAlias: column.attributeAlias, scope: column.scope, oldValue, newValue: parsed.value });
    }
    if (!record) {
      const hasSku = changes.some((change) => change.attributeAlias === SKU_ALIAS && Object.keys(change.scope ?? {}).length === 0);
      if (!hasSku) changes.unshift({ attributeAlias: SKU_ALIAS, scope: {}, newValue: sku });
      diff.operations.push({ row, operation: { type: 'create', schemaId, changes } });
    } else if (changes.length > 0) {
      diff.operations.push({ row, operation: { type: 'update', entityId: record.id, schemaId, changes } });
    } else if (rowErrors === 0) {
      diff.unchangedRows += 1;
    }
  }
  return diff;
}

/** The record's value in exactly that scope; null when it has none. */
export function valueAt(values: ValuesMap, alias: string, scope: Scope): unknown {
  const entry = values[alias]?.find((candidate) => jsonEqual(candidate.scope, scope));
  return entry === undefined ? null : entry.value;
}
