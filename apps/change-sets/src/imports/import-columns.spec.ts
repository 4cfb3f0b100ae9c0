import { resolveColumns } from './import-columns';

const ATTRIBUTES = [
  { alias: 'sku', dimensionIds: [] },
  { alias: 'material', dimensionIds: [] },
  { alias: 'product-name', dimensionIds: ['dim-language'] },
];

describe('resolveColumns', () => {
  it('reads export headers: the id column ignored, scopes from the convention', () => {
    const resolved = resolveColumns(['id', 'sku', 'material', 'product-name@dim-language=seg-da'], 'sku', undefined, ATTRIBUTES);
    expect(resolved).toEqual({
      keyIndex: 1,
      columns: [
        { index: 1, name: 'sku', attributeAlias: 'sku', scope: {} },
        { index: 2, name: 'material', attributeAlias: 'material', scope: {} },
        { index: 3, name: 'product-name@dim-language=seg-da', attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' } },
      ],
      errors: [],
    });
  });

  it('reports unknown attributes, wrong scopes and a missing key column on row 1, and ignores those columns', () => {
    const resolved = resolveColumns(['colour', 'product-name', 'material@dim-language=seg-da', 'a@b@c'], 'sku', undefined, ATTRIBUTES);
    expect(resolved.keyIndex).toBe(-1);
    expect(resolved.columns).toEqual([]);
    expect(resolved.errors.map((error) => [error.row, error.column])).toEqual([
      [1, 'sku'],
      [1, 'colour'],
      [1, 'product-name'],
      [1, 'material@dim-language=seg-da'],
      [1, 'a@b@c'],
    ]);
  });

  it('follows a mapping: mapped columns only, the others ignored, a mapped column missing from the file reported', () => {
    const resolved = resolveColumns(['Item', 'Name', 'Notes'], 'Item', { Name: { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' } }, Fabric: { attributeAlias: 'material' } }, ATTRIBUTES);
    expect(resolved.keyIndex).toBe(0);
    expect(resolved.columns).toEqual([{ index: 1, name: 'Name', attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' } }]);
    expect(resolved.errors).toEqual([{ row: 1, column: 'Fabric', message: "Mapped column 'Fabric' is not in the file" }]);
  });
});
