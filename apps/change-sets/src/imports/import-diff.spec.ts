import type { ImportRow } from '@sigma/contracts';
import { diffRows } from './import-diff';
import { resolveColumns } from './import-columns';

const DA = { 'dim-language': 'seg-da' };
const ATTRIBUTES = new Map<string, any>([
  ['sku', { dataType: 'text', rules: {} }],
  ['price', { dataType: 'number', rules: {} }],
  ['product-name', { dataType: 'text', rules: {} }],
]);
const COLUMNS = {
  ...resolveColumns(
    ['sku', 'price', 'product-name@dim-language=seg-da'],
    'sku',
    undefined,
    [
      { alias: 'sku', dimensionIds: [] },
      { alias: 'price', dimensionIds: [] },
      { alias: 'product-name', dimensionIds: ['dim-language'] },
    ],
  ),
  keyColumn: 'sku',
};
const CURRENT = new Map([
  ['A-1', { id: 'ent-a1', values: { sku: [{ scope: {}, value: 'A-1' }], price: [{ scope: {}, value: 10 }], 'product-name': [{ scope: DA, value: 'Skjorte' }] } }],
]);
const diff = (rows: ImportRow[]) => diffRows(rows, COLUMNS, ATTRIBUTES, CURRENT, 'schema-apparel');

describe('diffRows', () => {
  it('proposes only the cells that differ, with the current value as oldValue', () => {
    expect(diff([{ row: 2, cells: ['A-1', '12', 'Skjorte'] }])).toEqual({
      operations: [{ row: 2, operation: { type: 'update', entityId: 'ent-a1', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'price', scope: {}, oldValue: 10, newValue: 12 }] } }],
      unchangedRows: 0,
      errors: [],
    });
  });

  it('counts a row equal everywhere as unchanged, and an empty cell changes nothing', () => {
    expect(diff([{ row: 2, cells: ['A-1', '10', ''] }])).toEqual({ operations: [], unchangedRows: 1, errors: [] });
  });

  it('gives null as oldValue where the record has no value in that scope', () => {
    const current = new Map([['A-1', { id: 'ent-a1', values: { sku: [{ scope: {}, value: 'A-1' }] } }]]);
    const result = diffRows([{ row: 2, cells: ['A-1', '', 'Ny'] }], COLUMNS, ATTRIBUTES, current, 'schema-apparel');
    expect(result.operations[0].operation.changes).toEqual([{ attributeAlias: 'product-name', scope: DA, oldValue: null, newValue: 'Ny' }]);
  });

  it('creates an unknown SKU with every non-empty cell', () => {
    expect(diff([{ row: 3, cells: ['B-1', '5', ''] }]).operations).toEqual([
      {
        row: 3,
        operation: {
          type: 'create',
          schemaId: 'schema-apparel',
          changes: [
            { attributeAlias: 'sku', scope: {}, newValue: 'B-1' },
            { attributeAlias: 'price', scope: {}, newValue: 5 },
          ],
        },
      },
    ]);
  });

  it('adds the SKU to a create when the key column is not an attribute column', () => {
    const columns = { ...COLUMNS, keyIndex: 0, columns: COLUMNS.columns.filter((column) => column.attributeAlias !== 'sku'), keyColumn: 'Item' };
    const result = diffRows([{ row: 2, cells: ['B-2', '1', ''] }], columns, ATTRIBUTES, CURRENT, 'schema-apparel');
    expect(result.operations[0].operation.changes[0]).toEqual({ attributeAlias: 'sku', scope: {}, newValue: 'B-2' });
  });

  it('reports a bad cell on its row and column, skips it and keeps the rest of the row and the other rows', () => {
    const result = diff([
      { row: 2, cells: ['A-1', 'lots', 'Ny'] },
      { row: 3, cells: ['', '1', 'x'] },
      { row: 4, cells: ['A-1', '11', ''] },
      { row: 5, cells: ['C-1', '1', ''] },
    ]);
    expect(result.errors).toEqual([
      { row: 2, column: 'price', message: "'lots' is not a number" },
      { row: 3, column: 'sku', message: 'No SKU: the row is skipped' },
      { row: 4, column: 'sku', message: "SKU 'A-1' is also on row 2: the row is skipped" },
    ]);
    expect(result.operations.map((entry) => [entry.row, entry.operation.type, entry.operation.changes.length])).toEqual([
      [2, 'update', 1],
      [5, 'create', 2],
    ]);
  });

  it('does not count a row with an error as unchanged', () => {
    expect(diff([{ row: 2, cells: ['A-1', 'x', 'Skjorte'] }])).toMatchObject({ operations: [], unchangedRows: 0 });
  });
});
